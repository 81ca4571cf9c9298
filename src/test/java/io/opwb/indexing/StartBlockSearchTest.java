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
}
