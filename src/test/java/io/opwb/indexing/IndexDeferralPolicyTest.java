package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a backfill drops the look-up indexes, and when they are built again. */
class IndexDeferralPolicyTest {

    private final IndexDeferralPolicy policy = new IndexDeferralPolicy(true, 100_000);

    @Test
    void theRestIsExpectedAtTheDensityJustRead() {
        // 10 blocks read with 10,000 withdrawals, 190 left
        assertEquals(190_000, IndexDeferralPolicy.expectedWithdrawals(190, 10, 10_000));
        // a long gap of sparse blocks: 1 withdrawal in 100 blocks
        assertEquals(10_000, IndexDeferralPolicy.expectedWithdrawals(1_000_000, 10_000, 100));
        assertEquals(0, IndexDeferralPolicy.expectedWithdrawals(1_000_000, 0, 0), "nothing known before a range is read");
        assertEquals(0, IndexDeferralPolicy.expectedWithdrawals(0, 10, 10_000), "caught up");
    }

    @Test
    void aLargeBackfillIntoAnEmptyTableDefers() {
        assertTrue(policy.defer(190_000, 0));
    }

    @Test
    void fewWithdrawalsExpectedKeepTheIndexes() {
        assertFalse(policy.large(10_000));
        assertFalse(policy.defer(10_000, 0));
        assertFalse(policy.defer(99_999, 0), "just under the threshold");
        assertTrue(policy.defer(100_000, 0), "at it");
    }

    @Test
    void aBackfillSmallerThanTheTableKeepsTheIndexes() {
        // rebuilding reads the whole table: 150,000 new rows into 2,000,000 is not worth it
        assertTrue(policy.large(150_000), "large enough to ask the table's size");
        assertFalse(policy.defer(150_000, 2_000_000));
        assertTrue(policy.defer(2_000_000, 2_000_000));
    }

    @Test
    void switchedOffNeverDefers() {
        IndexDeferralPolicy off = new IndexDeferralPolicy(false, 100_000);
        assertFalse(off.large(1_000_000_000));
        assertFalse(off.defer(1_000_000_000, 0));
    }

    @Test
    void rebuiltOnlyWhenNoChainDefersAndSomethingIsRecorded() {
        assertTrue(IndexDeferralPolicy.rebuild(0, true));
        assertFalse(IndexDeferralPolicy.rebuild(1, true), "another chain's backfill still runs without them");
        assertFalse(IndexDeferralPolicy.rebuild(0, false), "nothing dropped");
    }
}
