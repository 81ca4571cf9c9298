package io.opwb.api;

import io.opwb.storage.WithdrawalDetails;

/**
 * The {@code after} cursor the withdrawal list would give as {@code next} after a row, for benchmarks
 * outside this package that page from rows they sampled themselves (walking the list to collect cursors
 * would cost a request per page: thousands at two million withdrawals).
 */
public final class WithdrawalCursors {

    private WithdrawalCursors() {
    }

    /** The cursor of the row at this place in the list's order: the next page holds the rows older than it. */
    public static String after(long l2BlockNumber, int l2LogIndex, long l2ChainId, byte[] withdrawalHash) {
        return KeysetCursor.of(new WithdrawalDetails.Position(l2BlockNumber, l2LogIndex, l2ChainId, withdrawalHash));
    }
}
