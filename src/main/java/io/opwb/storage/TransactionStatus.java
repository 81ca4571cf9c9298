package io.opwb.storage;

/** One signed attempt of an L1 transaction, stored by name in {@code l1_transaction.status}. */
public enum TransactionStatus {
    /** Signed and recorded before its broadcast. */
    SIGNED,
    /** Broadcast. */
    BROADCAST,
    /** Mined (the attempt that was; a reorg that takes it out sets it back to SIGNED). */
    MINED,
    /** Refused for good. */
    FAILED
}
