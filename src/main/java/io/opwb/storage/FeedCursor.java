package io.opwb.storage;

/**
 * Where the feed stands in the order of committed status changes: the writing transaction's id,
 * then chain and withdrawal hash (migration V16, index {@code withdrawal_status_change}).
 */
public record FeedCursor(long txid, long chainId, byte[] withdrawalHash) {

    /** Just before every change written by transaction {@code txid} or a later one. */
    public static FeedCursor before(long txid) {
        return new FeedCursor(txid, Long.MIN_VALUE, new byte[0]);
    }
}
