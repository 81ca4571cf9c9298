package io.opwb.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChunkPlanTest {

    @Test
    void chunksCloseAtTheItemLimit() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)),
                ChunkPlan.split(List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L), 10, 1_000, 3));
    }

    @Test
    void chunksCloseBeforeTheGasBudgetIsPassed() {
        // base 100, budget 1,000: 300 + 300 + 300 = 1,000 fits exactly; the fourth starts a new chunk
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4)),
                ChunkPlan.split(List.of(300L, 300L, 300L, 300L, 500L), 100, 1_000, 50));
        assertEquals(1_000, ChunkPlan.gasOf(List.of(0, 1, 2), List.of(300L, 300L, 300L), 100));
    }

    @Test
    void anItemTooBigForAnyChunkGoesAloneAndDoesNotBlockTheOthers() {
        assertEquals(List.of(List.of(0), List.of(1), List.of(2, 3)),
                ChunkPlan.split(List.of(100L, 5_000L, 100L, 100L), 100, 1_000, 50));
    }

    @Test
    void nothingToSendIsNoChunk() {
        assertEquals(List.of(), ChunkPlan.split(List.of(), 100, 1_000, 50));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.split(List.of(1L), 100, 1_000, 0));
    }

    /** Sizes from a list, with a share: items of the same group share 40 bytes (as proofs share nodes). */
    private static ChunkPlan.ChunkBytes sizes(List<Integer> own, List<String> group) {
        return new ChunkPlan.ChunkBytes() {
            private final java.util.Set<String> held = new java.util.HashSet<>();

            public int ifAdded(int p) {
                return own.get(p) + (held.contains(group.get(p)) ? 0 : 40);
            }

            public void add(int p) {
                held.add(group.get(p));
            }

            public void newChunk() {
                held.clear();
            }
        };
    }

    @Test
    void chunksCloseBeforeTheCalldataBudgetIsPassedHoweverLittleGasTheyUse() {
        // base 100 bytes, budget 500: 100 + (100 + 40) + 100 + 100 = 440 fits; the next (140 in a new group) would not
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4)),
                ChunkPlan.split(List.of(1L, 1L, 1L, 1L, 1L), sizes(List.of(100, 100, 100, 100, 100),
                        List.of("a", "a", "a", "b", "b")), 10, 100, 1_000_000, 500, 50));
    }

    @Test
    void whatAnItemSharesCountsAgainInItsNewChunk() {
        // the third item alone would add 100 to the first chunk (its group is there) but 140 to a new one
        List<List<Integer>> chunks = ChunkPlan.split(List.of(1L, 1L, 1L), sizes(List.of(200, 130, 100),
                List.of("a", "a", "a")), 10, 0, 1_000_000, 380, 50);
        assertEquals(List.of(List.of(0, 1), List.of(2)), chunks);
    }

    @Test
    void anItemOverTheCalldataBudgetGoesAlone() {
        assertEquals(List.of(List.of(0), List.of(1), List.of(2, 3)), ChunkPlan.split(List.of(1L, 1L, 1L, 1L),
                sizes(List.of(100, 5_000, 100, 100), List.of("a", "b", "c", "d")), 10, 0, 1_000_000, 1_000, 50));
    }
}
