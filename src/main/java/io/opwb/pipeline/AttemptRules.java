package io.opwb.pipeline;

import io.opwb.storage.ReasonCode;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;

/**
 * What an item left out of a batch, or failed in one, costs its withdrawal; pure. A revert uses one
 * attempt; a failing target call skips the withdrawal only when it fails again at a later L1 block
 * (so one odd block, or a node's passing lie, never decides it); a node's error uses nothing.
 */
public final class AttemptRules {

    /** How the text of a skip for a reproducible target failure starts, for people. */
    public static final String TARGET_FAILS = "predicted failure: ";

    private AttemptRules() {
    }

    public static void apply(WithdrawalEntity w, LeftOut.Entry entry, long block, boolean prove, int maxAttempts) {
        switch (entry.why()) {
            case FAILED -> recordFailure(w, entry.reason(), prove, maxAttempts);
            case TARGET_FAILS -> targetFails(w, entry.reason(), block);
            case NO_VERDICT -> {
                w.setStatus(w.status, ReasonCode.HELD, "held this cycle, nothing used: " + entry.reason());
                // to the back of the queue: withdrawals the node cannot simulate never keep the others waiting
                w.statusUpdatedAt = java.time.OffsetDateTime.now();
            }
        }
    }

    /** One more failed attempt: the withdrawal stays ready, until it has failed too often. */
    public static void recordFailure(WithdrawalEntity w, String reason, boolean prove, int maxAttempts) {
        int failures = prove ? ++w.proveFailures : ++w.finalizeFailures;
        WithdrawalStatus ready = WithdrawalStatus.ready(prove);
        String what = prove ? "prove" : "finalize";
        if (failures >= maxAttempts) {
            w.setStatus(WithdrawalStatus.SKIPPED, ReasonCode.ATTEMPTS_EXHAUSTED,
                    what + " failed " + failures + " times, last: " + reason);
        } else {
            w.setStatus(ready, ReasonCode.ATTEMPT_FAILED, what + " attempt " + failures + " failed: " + reason);
        }
    }

    /**
     * The call to the target would fail at {@code block}: skipped for good if it failed at an earlier
     * block too (finalizing would lose its value); otherwise remembered, and tried again next cycle.
     */
    static void targetFails(WithdrawalEntity w, String reason, long block) {
        if (w.targetFailureBlock != null && block > w.targetFailureBlock) {
            w.setStatus(WithdrawalStatus.SKIPPED, ReasonCode.TARGET_FAILS, TARGET_FAILS + "the call to the target would revert on L1 ("
                    + reason + "), at L1 blocks " + w.targetFailureBlock + " and " + block + "; finalizing would lose its value");
            return;
        }
        if (w.targetFailureBlock == null) {
            w.targetFailureBlock = block;
        }
        w.setStatus(w.status, ReasonCode.TARGET_FAILED_ONCE, "the call to the target would revert at L1 block "
                + w.targetFailureBlock + " (" + reason + "); skipped if it fails again at a later block");
    }
}
