package io.opwb.storage;

/**
 * Where a withdrawal is in its life on L1, as this service sees it; stored by name in
 * {@code withdrawal.status}. Why it is there is a {@link ReasonCode} beside a text for people.
 */
public enum WithdrawalStatus {
    /** No game we trust covers its L2 block yet. */
    WAITING_FOR_GAME,
    /** A trusted game covers it: the next prove batch may take it. */
    READY_TO_PROVE,
    /** In a prove batch we submitted. */
    PROVING,
    /** Proven (by us or by someone else); waiting for proof maturity and game resolution. */
    PROVEN_MATURING,
    /** Its proof has matured and its game resolved and aged: the next finalize batch may take it. */
    READY_TO_FINALIZE,
    /** In a finalize batch we submitted. */
    FINALIZING,
    /** Finalized on L1, and the call to its target succeeded. */
    FINALIZED,
    /** Finalized on L1, but the portal reports the call to its target failed. */
    FINALIZED_FAILED_CALL,
    /** Not acted on: by policy, or because it would fail; the reason says which. */
    SKIPPED,
    /** The game of our proof was invalidated: it must be proven again against a valid game. */
    NEEDS_REPROVE;

    /** Where a withdrawal waits for the next batch of that kind. */
    public static WithdrawalStatus ready(boolean prove) {
        return prove ? READY_TO_PROVE : READY_TO_FINALIZE;
    }

    /** Where a withdrawal is while a batch of that kind we sent is in flight. */
    public static WithdrawalStatus inFlight(boolean prove) {
        return prove ? PROVING : FINALIZING;
    }

    /** Waiting in the queue of the next prove or finalize batch. */
    public boolean isReady() {
        return this == READY_TO_PROVE || this == READY_TO_FINALIZE;
    }

    public boolean isFinal() {
        return this == FINALIZED || this == FINALIZED_FAILED_CALL;
    }

    /** In a batch we submitted: the receipt decides what comes next. */
    public boolean isInFlight() {
        return this == PROVING || this == FINALIZING;
    }
}
