package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a backfill drops the look-up indexes, and when they are built again. */
class IndexDeferralPolicyTest {

    private final IndexDeferralPolicy policy = new IndexDeferralPolicy(true, 100_000);

    @Test
    void aLargeBackfillIntoAnEmptyTableDefers() {
        // 10 blocks read with 10,000 withdrawals, 190 left: ~190,000 expected
        assertTrue(policy.defer(190, 10, 10_000, 0));
    }

    @Test
    void fewWithdrawalsExpectedKeepTheIndexes() {
        // a long gap of sparse blocks: 1,000,000 blocks at 1 withdrawal in 100 blocks is ~10,000
        assertFalse(policy.defer(1_000_000, 10_000, 100, 0));
        // just under and at the threshold
        assertFalse(policy.defer(99_999, 1, 1, 0));
        assertTrue(policy.defer(100_000, 1, 1, 0));
    }

    @Test
    void aBackfillSmallerThanTheTableKeepsTheIndexes() {
        // rebuilding reads the whole table: 150,000 new rows into 2,000,000 is not worth it
        assertFalse(policy.defer(150, 10, 10_000, 2_000_000));
        assertTrue(policy.defer(2_000, 10, 10_000, 2_000_000));
    }

    @Test
    void nothingReadOrNothingLeftDecidesNothing() {
        assertFalse(policy.defer(1_000_000, 0, 0, 0), "no density known before a range is read");
        assertFalse(policy.defer(0, 10, 10_000, 0), "caught up");
    }

    @Test
    void switchedOffNeverDefers() {
        assertFalse(new IndexDeferralPolicy(false, 100_000).defer(1_000_000, 10, 10_000, 0));
    }

    @Test
    void rebuiltOnlyWhenNoChainDefersAndSomethingIsRecorded() {
        assertTrue(IndexDeferralPolicy.rebuild(0, true));
        assertFalse(IndexDeferralPolicy.rebuild(1, true), "another chain's backfill still runs without them");
        assertFalse(IndexDeferralPolicy.rebuild(0, false), "nothing dropped");
    }
}
