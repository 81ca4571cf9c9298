package io.opwb.storage;

import java.math.BigDecimal;

/**
 * A withdrawal as the L2 indexer read it from a {@code MessagePassed} log, before it is a row: the
 * columns {@link WithdrawalBulkInsert} writes (the others take their defaults). Byte arrays are the
 * log's own, not copied: the reader made them for this record alone.
 */
public record NewWithdrawal(byte[] withdrawalHash, BigDecimal nonce, byte[] sender, byte[] target, BigDecimal valueWei,
        BigDecimal gasLimit, byte[] data, long l2BlockNumber, byte[] l2BlockHash, byte[] l2TxHash, int l2LogIndex,
        Long l2BlockTime) {

    /** Without its block's time (null: the node's log did not say). */
    public NewWithdrawal(byte[] withdrawalHash, BigDecimal nonce, byte[] sender, byte[] target, BigDecimal valueWei,
            BigDecimal gasLimit, byte[] data, long l2BlockNumber, byte[] l2BlockHash, byte[] l2TxHash, int l2LogIndex) {
        this(withdrawalHash, nonce, sender, target, valueWei, gasLimit, data, l2BlockNumber, l2BlockHash, l2TxHash,
                l2LogIndex, null);
    }

    /** The same withdrawal, its L2 block's timestamp (seconds) as the log gave it. */
    public NewWithdrawal atBlockTime(long seconds) {
        return new NewWithdrawal(withdrawalHash, nonce, sender, target, valueWei, gasLimit, data, l2BlockNumber,
                l2BlockHash, l2TxHash, l2LogIndex, seconds);
    }
}
