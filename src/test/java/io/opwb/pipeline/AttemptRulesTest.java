package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.opwb.storage.WithdrawalEntity;

/** What being left out of a batch costs a withdrawal. */
class AttemptRulesTest {

    private static final int MAX_ATTEMPTS = 3;

    @Test
    void aNodeErrorNeverUsesAnAttemptNorSkips() {
        WithdrawalEntity w = ready("READY_TO_FINALIZE");
        for (int i = 0; i < 10; i++) {
            AttemptRules.apply(w, new LeftOut.Entry(LeftOut.Why.NO_VERDICT, "node error -32000: header not found"),
                    100 + i, false, MAX_ATTEMPTS);
        }
        assertEquals(io.opwb.storage.WithdrawalStatus.READY_TO_FINALIZE, w.status);
        assertEquals(0, w.finalizeFailures);
        assertTrue(w.statusReason.startsWith("held this cycle, nothing used"), w.statusReason);
    }

    @Test
    void aFailingTargetIsSkippedOnlyWhenItFailsAgainAtALaterBlock() {
        WithdrawalEntity w = ready("READY_TO_PROVE");
        LeftOut.Entry fails = new LeftOut.Entry(LeftOut.Why.TARGET_FAILS, "reverted with 0x");
        AttemptRules.apply(w, fails, 100, true, MAX_ATTEMPTS);
        assertEquals(io.opwb.storage.WithdrawalStatus.READY_TO_PROVE, w.status);
        assertEquals(100L, w.targetFailureBlock);
        AttemptRules.apply(w, fails, 100, true, MAX_ATTEMPTS); // the same block again proves nothing new
        assertEquals(io.opwb.storage.WithdrawalStatus.READY_TO_PROVE, w.status);
        AttemptRules.apply(w, fails, 101, true, MAX_ATTEMPTS);
        assertEquals(io.opwb.storage.WithdrawalStatus.SKIPPED, w.status);
        assertTrue(w.statusReason.startsWith(AttemptRules.TARGET_FAILS) && w.statusReason.contains("100 and 101"),
                w.statusReason);
        assertEquals(0, w.proveFailures);
    }

    @Test
    void aRevertUsesOneAttemptAndSkipsAfterTheMaximum() {
        WithdrawalEntity w = ready("READY_TO_PROVE");
        LeftOut.Entry reverts = new LeftOut.Entry(LeftOut.Why.FAILED, "reverted with 0x1234");
        AttemptRules.apply(w, reverts, 1, true, MAX_ATTEMPTS);
        AttemptRules.apply(w, reverts, 2, true, MAX_ATTEMPTS);
        assertEquals(io.opwb.storage.WithdrawalStatus.READY_TO_PROVE, w.status);
        AttemptRules.apply(w, reverts, 3, true, MAX_ATTEMPTS);
        assertEquals(io.opwb.storage.WithdrawalStatus.SKIPPED, w.status);
        assertEquals(3, w.proveFailures);
    }

    private static WithdrawalEntity ready(String status) {
        WithdrawalEntity w = new WithdrawalEntity();
        w.status = io.opwb.storage.WithdrawalStatus.valueOf(status);
        return w;
    }
}
