package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The first block within a lookback of the head, found by timestamps with few blocks read. */
class StartBlockSearchTest {

    /** Mainnet-like: 12 s slots, every 50th missed (a longer gap), from timestamp 1,000. */
    private static long timestamp(long block) {
        return 1_000 + block * 12 + (block / 50) * 12;
    }

    @Test
    void findsTheFirstBlockAtOrAfterTheTime() throws Exception {
        long head = 25_000_000;
        AtomicInteger reads = new AtomicInteger();
        for (long expected : new long[] { 0, 1, 49, 50, 51, 12_345_678, head - 1, head }) {
            long since = timestamp(expected);
            assertEquals(expected, StartBlockSearch.firstAtOrAfter(since, head, b -> {
                reads.incrementAndGet();
                return timestamp(b);
            }));
            // a time between two blocks: the later one
            if (expected > 0) {
                assertEquals(expected, StartBlockSearch.firstAtOrAfter(timestamp(expected - 1) + 1, head,
                        StartBlockSearchTest::timestamp));
            }
        }
        assertTrue(reads.get() <= 8 * 26, "a binary search: " + reads.get() + " blocks read for 8 look-ups");
    }

    @Test
    void aTimeBeforeGenesisStartsAtZeroAndOneAfterTheHeadAtTheHead() throws Exception {
        assertEquals(0, StartBlockSearch.firstAtOrAfter(0, 1_000, StartBlockSearchTest::timestamp));
        assertEquals(1_000, StartBlockSearch.firstAtOrAfter(Long.MAX_VALUE, 1_000, StartBlockSearchTest::timestamp));
    }

    /** A super-root game's L2 block: the last one at or before its timestamp (2 s L2 blocks, one 10 s gap). */
    @Test
    void findsTheLastBlockAtOrBeforeATimestamp() throws Exception {
        StartBlockSearch.Timestamps l2 = b -> 1_000 + 2 * b + (b >= 100 ? 8 : 0);
        long head = 1_000;
        assertEquals(0, StartBlockSearch.lastAtOrBefore(1_000, head, l2), "the first block's own second");
        assertEquals(0, StartBlockSearch.lastAtOrBefore(1_001, head, l2), "between two blocks: the earlier");
        assertEquals(50, StartBlockSearch.lastAtOrBefore(1_100, head, l2));
        assertEquals(99, StartBlockSearch.lastAtOrBefore(1_205, head, l2), "inside the gap: the block before it");
        assertEquals(100, StartBlockSearch.lastAtOrBefore(1_208, head, l2));
        assertEquals(head, StartBlockSearch.lastAtOrBefore(5_000, head, l2), "after the head: the head");
        assertEquals(-1, StartBlockSearch.lastAtOrBefore(999, head, l2), "before the first block: none");
        assertEquals(0, StartBlockSearch.lastAtOrBefore(1_000, 0, l2), "a chain of one block");
    }
}
