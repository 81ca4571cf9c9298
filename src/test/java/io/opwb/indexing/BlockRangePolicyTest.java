package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** eth_getLogs range sizing: halve on refusal, double on success, within [1, max]. */
class BlockRangePolicyTest {

    @Test
    void halvesOnEachRefusalDownToOne() {
        BlockRangePolicy p = new BlockRangePolicy(1_000);
        List<Integer> sizes = new ArrayList<>();
        int size = 1_000;
        for (int i = 0; i < 11; i++) {
            size = p.afterRefusal(size);
            sizes.add(size);
        }
        assertEquals(List.of(500, 250, 125, 62, 31, 15, 7, 3, 1, 1, 1), sizes);
    }

    @Test
    void aRefusalNeverGoesBelowOne() {
        BlockRangePolicy p = new BlockRangePolicy(1_000);
        assertEquals(1, p.afterRefusal(2));
        assertEquals(1, p.afterRefusal(1));
        assertEquals(1, p.afterRefusal(0));
    }

    @Test
    void aRefusalAboveTheMaximumHalvesTheMaximum() {
        BlockRangePolicy p = new BlockRangePolicy(1_000);
        assertEquals(500, p.afterRefusal(8_000));
    }

    @Test
    void doublesOnEachSuccessUpToTheMaximum() {
        BlockRangePolicy p = new BlockRangePolicy(1_000);
        List<Integer> sizes = new ArrayList<>();
        int size = 1;
        for (int i = 0; i < 12; i++) {
            size = p.afterSuccess(size);
            sizes.add(size);
        }
        assertEquals(List.of(2, 4, 8, 16, 32, 64, 128, 256, 512, 1_000, 1_000, 1_000), sizes);
    }

    @Test
    void aSuccessDoesNotOverflow() {
        BlockRangePolicy p = new BlockRangePolicy(Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, p.afterSuccess(Integer.MAX_VALUE / 2 + 1));
        assertEquals(Integer.MAX_VALUE, p.afterSuccess(Integer.MAX_VALUE));
        assertEquals(1_000, new BlockRangePolicy(1_000).afterSuccess(Integer.MAX_VALUE));
    }

    @Test
    void aSuccessFromZeroGivesOne() {
        assertEquals(1, new BlockRangePolicy(1_000).afterSuccess(0));
    }

    @Test
    void exhaustedOnlyAtOne() {
        BlockRangePolicy p = new BlockRangePolicy(1_000);
        assertTrue(p.exhausted(1));
        assertTrue(p.exhausted(0));
        assertFalse(p.exhausted(2));
        assertFalse(p.exhausted(1_000));
    }

    @Test
    void aMaximumOfOneStaysAtOne() {
        BlockRangePolicy p = new BlockRangePolicy(1);
        assertEquals(1, p.afterSuccess(1));
        assertEquals(1, p.afterRefusal(1));
        assertTrue(p.exhausted(p.afterRefusal(1)));
    }

    @Test
    void rejectsAMaximumBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRangePolicy(0));
        assertThrows(IllegalArgumentException.class, () -> new BlockRangePolicy(-10));
    }
}
