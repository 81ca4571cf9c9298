package io.opwb.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.opwb.chain.FinalizationCheck.GameFact;
import io.opwb.chain.FinalizationCheck.Kind;
import io.opwb.chain.FinalizationCheck;
import io.opwb.storage.WithdrawalStatus;

/** What the chain's verdict on a matured withdrawal makes of its status. */
class FinalizeReadinessTest {

    private static final String SUBMITTER = "0x00000000000000000000000000000000000000b1";

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = { "PASSES", "NO_VIEW" })
    void readyOnlyWhenThePortalAgreesOrCannotSay(Kind kind) {
        var d = FinalizeReadiness.decide(new FinalizationCheck.Verdict(kind, null, GameFact.NONE), SUBMITTER);
        assertEquals(WithdrawalStatus.READY_TO_FINALIZE, d.status());
        assertNull(d.reason());
        assertEquals(SUBMITTER, d.proofSubmitter());
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = { "NOT_YET", "PAUSED", "VOID", "FINALIZED", "UNRECOGNIZED" })
    void anyRefusalKeepsItMaturingWithTheChainsReason(Kind kind) {
        var d = FinalizeReadiness.decide(new FinalizationCheck.Verdict(kind, "because " + kind, GameFact.NONE), SUBMITTER);
        assertEquals(WithdrawalStatus.PROVEN_MATURING, d.status(), "never NEEDS_REPROVE on one answer alone");
        assertTrue(d.reason() != null && !d.reason().isBlank());
        if (kind != Kind.FINALIZED) {
            assertTrue(d.reason().contains("because " + kind), d.reason());
        }
    }

    @Test
    void aPauseSaysItIsHeld() {
        var d = FinalizeReadiness.decide(new FinalizationCheck.Verdict(Kind.PAUSED, "the system is paused",
                GameFact.NONE), SUBMITTER);
        assertTrue(d.reason().startsWith("held while paused"), d.reason());
    }
}
