package io.opwb.storage;

/**
 * Why a withdrawal has its status, for code: queries, indexes and rules read this, never the
 * reason's text, which is written for people and may be reworded freely. Stored by name in
 * {@code withdrawal.reason_code}; the API shows it beside the text.
 */
public enum ReasonCode {
    /** Waiting: no trusted game covers its L2 block yet. */
    NO_GAME_YET,
    /** Skipped by the selection policy (value under the minimum, no listed party). */
    NOT_SELECTED,
    /** Skipped: its gas limit cannot fit a batch under the transaction gas cap. */
    GAS_LIMIT_TOO_HIGH,
    /** Proven: the proof has not matured yet. */
    PROOF_MATURING,
    /** Proven: the proof's game has not resolved yet. */
    GAME_NOT_RESOLVED,
    /** Proven: the proof's game has resolved but is not final yet (finality delay). */
    GAME_NOT_FINAL,
    /** Proven, mature and final by our records: the portal is being asked, or refused with the reason given. */
    CHAIN_CHECK,
    /** Must be proven again: the game of our proof can no longer finalize it. */
    PROOF_VOID,
    /** In a batch (or a manifest chunk) we sent. */
    IN_BATCH,
    /** In a batch again after an L1 reorg took its transaction out of its block. */
    IN_BATCH_AFTER_REORG,
    /** Proven by one of our batches. */
    PROVEN_BY_US,
    /** Finalized by one of our batches. */
    FINALIZED_BY_US,
    /** Finalized; the portal reports the call to its target failed. */
    TARGET_CALL_FAILED,
    /** Finalized by another party: the indexed portal event tells how. */
    FINALIZED_BY_OTHER,
    /** Back in the queue: its batch ran out of gas for it. */
    BATCH_OUT_OF_GAS,
    /** Back in the queue, no attempt used: the batch failed for a reason none of its items' own. */
    BATCH_FAILED,
    /** Back in the queue: an unsent manifest chunk expired or was given up. */
    MANIFEST_RETURNED,
    /** Back in the queue: an attempt failed (counted). */
    ATTEMPT_FAILED,
    /** Skipped: it failed as many times as allowed. */
    ATTEMPTS_EXHAUSTED,
    /** Held this cycle, nothing used: the node gave no verdict on it. */
    HELD,
    /** Its target call would revert at one L1 block: skipped if it fails again at a later one. */
    TARGET_FAILED_ONCE,
    /** Skipped: its target call would revert at two L1 blocks, so finalizing would lose its value. */
    TARGET_FAILS,
    /** Set back to the start by an operator's retry. */
    OPERATOR_RETRY;

    /** A skip by the selection or gas rules, which the status rules decide again every pass. */
    public boolean isPolicySkip() {
        return this == NOT_SELECTED || this == GAS_LIMIT_TOO_HIGH;
    }
}
