package io.opwb.pipeline;

import org.web3j.utils.Numeric;

import io.opwb.storage.ItemOutcome;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;

/**
 * What a mined batch's item outcome means for its withdrawal; pure. The receipt stage reads the
 * outcomes from the transaction's logs and applies them here, one withdrawal at a time.
 */
final class OutcomeRules {

    private OutcomeRules() {
    }

    /** How a batch item ended, as the receipt stage read it. */
    record Mined(long batchId, boolean prove, ItemOutcome outcome, String reason, boolean targetCallSucceeded) {
    }

    /**
     * @param batcher our batcher's address: a proof of ours is held by it
     * @param maxAttempts failed attempts after which a withdrawal is skipped
     */
    static void apply(WithdrawalEntity w, Mined item, String batcher, int maxAttempts) {
        switch (item.outcome()) {
            case DONE, ALREADY_DONE -> done(w, item, batcher);
            // the batch's gas ran out before it: nothing about the withdrawal, no attempt used
            case OUT_OF_GAS -> w.setStatus(WithdrawalStatus.ready(item.prove()), ReasonCode.BATCH_OUT_OF_GAS,
                    "batch #" + item.batchId() + " ran out of gas for it: retried");
            case FAILED -> AttemptRules.recordFailure(w, item.reason(), item.prove(), maxAttempts);
        }
    }

    private static void done(WithdrawalEntity w, Mined item, String batcher) {
        if (item.prove()) {
            // ALREADY_DONE on a prove: our batcher holds a valid proof already (its guard skipped the item)
            w.proofSubmitter = Numeric.hexStringToByteArray(batcher);
            w.setStatus(WithdrawalStatus.PROVEN_MATURING, ReasonCode.PROVEN_BY_US, "proven in batch #" + item.batchId());
        } else if (item.outcome() == ItemOutcome.DONE) {
            boolean success = item.targetCallSucceeded();
            w.setStatus(success ? WithdrawalStatus.FINALIZED : WithdrawalStatus.FINALIZED_FAILED_CALL,
                    success ? ReasonCode.FINALIZED_BY_US : ReasonCode.TARGET_CALL_FAILED,
                    success ? "finalized in batch #" + item.batchId()
                            : "finalized in batch #" + item.batchId() + ", but the call to the target failed");
        } else {
            // finalized by someone else: the indexed portal event tells how
            w.setStatus(WithdrawalStatus.READY_TO_FINALIZE, ReasonCode.FINALIZED_BY_OTHER, "finalized by another party");
        }
    }

    /** The batch did nothing for any item, for a reason none of theirs: back to ready, no attempt used. */
    static void returnUncharged(WithdrawalEntity w, long batchId, boolean prove, String reason) {
        w.setStatus(WithdrawalStatus.ready(prove), ReasonCode.BATCH_FAILED, "batch #" + batchId + ": " + reason);
    }

}
