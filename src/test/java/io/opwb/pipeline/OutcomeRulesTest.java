package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.storage.ItemOutcome;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;

/** What a mined item's outcome does to its withdrawal, without a chain or a database. */
class OutcomeRulesTest {

    private static final String BATCHER = "0x00000000000000000000000000000000000000ba";
    private static final int MAX_ATTEMPTS = 3;

    private static WithdrawalEntity inFlight(WithdrawalStatus status) {
        WithdrawalEntity w = new WithdrawalEntity();
        w.setStatus(status, ReasonCode.IN_BATCH, "in batch #7");
        return w;
    }

    @Test
    void aProvenItemIsMaturingWithOurBatchersProofAndSoIsOneOurGuardSkipped() {
        for (ItemOutcome outcome : new ItemOutcome[] {ItemOutcome.DONE, ItemOutcome.ALREADY_DONE}) {
            WithdrawalEntity w = inFlight(WithdrawalStatus.PROVING);
            OutcomeRules.apply(w, new OutcomeRules.Mined(7, true, outcome, null, true), BATCHER, MAX_ATTEMPTS);
            assertEquals(WithdrawalStatus.PROVEN_MATURING, w.status, outcome.name());
            assertEquals(ReasonCode.PROVEN_BY_US, w.reasonCode);
            assertArrayEquals(Numeric.hexStringToByteArray(BATCHER), w.proofSubmitter);
        }
    }

    @Test
    void aFinalizedItemIsFinalOrFinalWithAFailedCall() {
        WithdrawalEntity ok = inFlight(WithdrawalStatus.FINALIZING);
        OutcomeRules.apply(ok, new OutcomeRules.Mined(8, false, ItemOutcome.DONE, null, true), BATCHER, MAX_ATTEMPTS);
        assertEquals(WithdrawalStatus.FINALIZED, ok.status);
        assertEquals(ReasonCode.FINALIZED_BY_US, ok.reasonCode);

        WithdrawalEntity failedCall = inFlight(WithdrawalStatus.FINALIZING);
        OutcomeRules.apply(failedCall, new OutcomeRules.Mined(8, false, ItemOutcome.DONE, null, false), BATCHER,
                MAX_ATTEMPTS);
        assertEquals(WithdrawalStatus.FINALIZED_FAILED_CALL, failedCall.status);
        assertEquals(ReasonCode.TARGET_CALL_FAILED, failedCall.reasonCode);
        assertNull(failedCall.proofSubmitter, "a finalize outcome never claims a proof");
    }

    @Test
    void anItemFinalizedByAnotherPartyWaitsForThatFinalizationToBeIndexed() {
        WithdrawalEntity w = inFlight(WithdrawalStatus.FINALIZING);
        OutcomeRules.apply(w, new OutcomeRules.Mined(8, false, ItemOutcome.ALREADY_DONE, null, true), BATCHER,
                MAX_ATTEMPTS);
        assertEquals(WithdrawalStatus.READY_TO_FINALIZE, w.status);
        assertEquals(ReasonCode.FINALIZED_BY_OTHER, w.reasonCode);
    }

    @Test
    void runningOutOfTheBatchsGasUsesNoAttempt() {
        WithdrawalEntity w = inFlight(WithdrawalStatus.PROVING);
        OutcomeRules.apply(w, new OutcomeRules.Mined(9, true, ItemOutcome.OUT_OF_GAS, null, true), BATCHER, MAX_ATTEMPTS);
        assertEquals(WithdrawalStatus.READY_TO_PROVE, w.status);
        assertEquals(ReasonCode.BATCH_OUT_OF_GAS, w.reasonCode);
        assertEquals(0, w.proveFailures);
    }

    @Test
    void aFailedItemUsesOneAttemptAndIsSkippedAtTheMaximum() {
        WithdrawalEntity w = inFlight(WithdrawalStatus.FINALIZING);
        for (int i = 1; i < MAX_ATTEMPTS; i++) {
            OutcomeRules.apply(w, new OutcomeRules.Mined(10 + i, false, ItemOutcome.FAILED, "reverted", true), BATCHER,
                    MAX_ATTEMPTS);
            assertEquals(WithdrawalStatus.READY_TO_FINALIZE, w.status);
            assertEquals(ReasonCode.ATTEMPT_FAILED, w.reasonCode);
        }
        OutcomeRules.apply(w, new OutcomeRules.Mined(20, false, ItemOutcome.FAILED, "reverted", true), BATCHER,
                MAX_ATTEMPTS);
        assertEquals(WithdrawalStatus.SKIPPED, w.status);
        assertEquals(ReasonCode.ATTEMPTS_EXHAUSTED, w.reasonCode);
        assertEquals(MAX_ATTEMPTS, w.finalizeFailures);
    }

    @Test
    void aBatchThatDidNothingForAnyItemChargesNone() {
        WithdrawalEntity w = inFlight(WithdrawalStatus.PROVING);
        OutcomeRules.returnUncharged(w, 11, true, "the batch transaction reverted as a whole");
        assertEquals(WithdrawalStatus.READY_TO_PROVE, w.status);
        assertEquals(ReasonCode.BATCH_FAILED, w.reasonCode);
        assertEquals(0, w.proveFailures);
    }
}
