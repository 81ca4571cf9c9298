package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** eth_getLogs range sizing: halve on refusal or on too many logs, double on success, within [1, max]. */
class BlockRangePolicyTest {

    private static final int LOGS = 10_000;
    /** A range that brought few logs. */
    private static final int FEW = 10;

    @Test
    void halvesOnEachRefusalDownToOne() {
        BlockRangePolicy p = new BlockRangePolicy(1_000, LOGS);
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
        BlockRangePolicy p = new BlockRangePolicy(1_000, LOGS);
        assertEquals(1, p.afterRefusal(2));
        assertEquals(1, p.afterRefusal(1));
        assertEquals(1, p.afterRefusal(0));
    }

    @Test
    void aRefusalAboveTheMaximumHalvesTheMaximum() {
        BlockRangePolicy p = new BlockRangePolicy(1_000, LOGS);
        assertEquals(500, p.afterRefusal(8_000));
    }

    @Test
    void doublesOnEachSuccessUpToTheMaximum() {
        BlockRangePolicy p = new BlockRangePolicy(1_000, LOGS);
        List<Integer> sizes = new ArrayList<>();
        int size = 1;
        for (int i = 0; i < 12; i++) {
            size = p.afterSuccess(size, FEW);
            sizes.add(size);
        }
        assertEquals(List.of(2, 4, 8, 16, 32, 64, 128, 256, 512, 1_000, 1_000, 1_000), sizes);
    }

    @Test
    void aSuccessDoesNotOverflow() {
        BlockRangePolicy p = new BlockRangePolicy(Integer.MAX_VALUE, LOGS);
        assertEquals(Integer.MAX_VALUE, p.afterSuccess(Integer.MAX_VALUE / 2 + 1, FEW));
        assertEquals(Integer.MAX_VALUE, p.afterSuccess(Integer.MAX_VALUE, FEW));
        assertEquals(1_000, new BlockRangePolicy(1_000, LOGS).afterSuccess(Integer.MAX_VALUE, FEW));
    }

    @Test
    void aSuccessFromZeroGivesOne() {
        assertEquals(1, new BlockRangePolicy(1_000, LOGS).afterSuccess(0, FEW));
    }

    @Test
    void exhaustedOnlyAtOne() {
        BlockRangePolicy p = new BlockRangePolicy(1_000, LOGS);
        assertTrue(p.exhausted(1));
        assertTrue(p.exhausted(0));
        assertFalse(p.exhausted(2));
        assertFalse(p.exhausted(1_000));
    }

    @Test
    void aMaximumOfOneStaysAtOne() {
        BlockRangePolicy p = new BlockRangePolicy(1, LOGS);
        assertEquals(1, p.afterSuccess(1, FEW));
        assertEquals(1, p.afterRefusal(1));
        assertTrue(p.exhausted(p.afterRefusal(1)));
    }

    @Test
    void rejectsAMaximumBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRangePolicy(0, LOGS));
        assertThrows(IllegalArgumentException.class, () -> new BlockRangePolicy(-10, LOGS));
    }

    @Test
    void rejectsAMaximumOfLogsBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRangePolicy(1_000, 0));
    }

    @Test
    void halvesAfterARangeWithMoreLogsThanTheMaximum() {
        BlockRangePolicy p = new BlockRangePolicy(1_000, LOGS);
        assertEquals(200, p.afterSuccess(400, LOGS + 1));
        assertEquals(1, p.afterSuccess(1, 1_000_000), "one block is as small as a range gets");
        assertEquals(500, p.afterSuccess(8_000, LOGS + 1), "halves the maximum when above it");
    }

    @Test
    void keepsItsSizeWithBetweenHalfAndTheMaximumOfLogs() {
        BlockRangePolicy p = new BlockRangePolicy(1_000, LOGS);
        assertEquals(400, p.afterSuccess(400, LOGS));
        assertEquals(400, p.afterSuccess(400, LOGS / 2 + 1));
        assertEquals(800, p.afterSuccess(400, LOGS / 2), "half of the maximum or less doubles");
    }

    @Test
    void aRangeOverTheByteBoundHalvesHoweverFewItsLogs() {
        BlockRangePolicy p = new BlockRangePolicy(1_000, LOGS, 8_000_000);
        // 100 withdrawals of 100 KB calldata each: few logs, many bytes
        assertEquals(200, p.afterSuccess(400, 100, 20_000_000));
        assertEquals(400, p.afterSuccess(400, 100, 5_000_000), "over half the byte bound: the same size again");
        assertEquals(800, p.afterSuccess(400, 100, 4_000_000), "half of the byte bound or less doubles");
        assertEquals(800, new BlockRangePolicy(1_000, LOGS).afterSuccess(400, 100, 20_000_000),
                "no byte bound unless one is given");
    }

    @Test
    void aByteBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRangePolicy(1_000, LOGS, 0));
    }
}
