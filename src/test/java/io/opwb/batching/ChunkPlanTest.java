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
}
