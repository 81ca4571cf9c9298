package io.opwb.storage;

/** What the L1 messenger recorded for a messenger message we finalized, stored by name in {@code withdrawal.message_relay}. */
public enum MessageRelay {
    /** Relayed: the message's call succeeded. */
    RELAYED,
    /** Recorded as failed: anyone can replay it. */
    FAILED;

    public static MessageRelay of(boolean relayed) {
        return relayed ? RELAYED : FAILED;
    }
}
