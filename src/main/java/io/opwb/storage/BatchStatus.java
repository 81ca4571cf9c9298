package io.opwb.storage;

/** Where a batch of ours is, stored by name in {@code batch.status}. */
public enum BatchStatus {
    /** Signed and recorded; not known to have reached a node yet (a crash, or the node refused it). */
    SIGNED,
    /** A node took it; waiting to be mined and buried under the confirmations. */
    SUBMITTED,
    /** Mined and succeeded; its items' outcomes are applied. */
    CONFIRMED,
    /** Mined and reverted as a whole: no item was charged. */
    REVERTED,
    /** Its nonce was taken by another transaction: never mined; its items went back to the queue. */
    DROPPED;

    /** Nothing more will happen to it (unless an L1 reorg reopens a confirmed or reverted one). */
    public boolean isFinal() {
        return this == CONFIRMED || this == REVERTED || this == DROPPED;
    }
}
