package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Utf8String;

import io.opwb.chain.FinalizationCheck.GameFact;
import io.opwb.chain.FinalizationCheck.Kind;

/** The portal's refusals of checkWithdrawal, read: 3.10.0's revert strings and 4.x–5.x custom errors. */
class FinalizationCheckTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "OptimismPortal: proven withdrawal has not matured yet | NOT_YET | NONE",
            "OptimismPortal: output proposal has not been validated | NOT_YET | NONE",
            "OptimismPortal: output proposal in air-gap | NOT_YET | NONE",
            "OptimismPortal: withdrawal has already been finalized | FINALIZED | NONE",
            "OptimismPortal: dispute game has been blacklisted | VOID | BLACKLISTED",
            "OptimismPortal: invalid game type | VOID | NONE",
            "OptimismPortal: dispute game created before respected game type was updated | VOID | NONE",
            "OptimismPortal: withdrawal has not been proven by proof submitter address yet | VOID | NONE",
            "OptimismPortal: withdrawal timestamp less than dispute game creation timestamp | VOID | NONE",
            "something a newer portal says | UNRECOGNIZED | NONE" })
    void readsThe3xRevertStrings(String text, Kind kind, GameFact fact) {
        String data = "0x08c379a0" + FunctionEncoder.encodeConstructor(List.of(new Utf8String(text)));
        FinalizationCheck.Verdict verdict = FinalizationCheck.classify(data, RevertReasons.describe(data));
        assertEquals(kind, verdict.kind(), text);
        assertEquals(fact, verdict.fact(), text);
    }

    @ParameterizedTest
    @CsvSource({
            "OptimismPortal_ProofNotOldEnough(), NOT_YET",
            "OptimismPortal_AlreadyFinalized(), FINALIZED",
            "OptimismPortal_CallPaused(), PAUSED",
            "ETHLockbox_Paused(), PAUSED",
            "OptimismPortal_Unproven(), VOID",
            "OptimismPortal_InvalidProofTimestamp(), VOID",
            "OptimismPortal_ImproperDisputeGame(), VOID",
            "OptimismPortal_InvalidDisputeGame(), VOID",
            "OptimismPortal_InvalidRootClaim(), UNRECOGNIZED",
            "SomethingElse(uint256), UNRECOGNIZED" })
    void readsThe4xAnd5xCustomErrors(String signature, Kind kind) {
        String data = "0x" + RevertReasons.selectorOf(signature);
        assertEquals(kind, FinalizationCheck.classify(data, RevertReasons.describe(data)).kind(), signature);
    }

    @Test
    void aRefusalWithoutDataMeansThePortalHasNoSuchView() {
        assertEquals(Kind.NO_VIEW, FinalizationCheck.classify("0x", "reverted without a reason").kind());
        assertEquals(Kind.NO_VIEW, FinalizationCheck.classify(null, "execution reverted").kind());
    }

    @Test
    void malformedDataIsReadWithoutThrowing() {
        assertEquals(Kind.UNRECOGNIZED, FinalizationCheck.classify("0x08c379a0ffff", "whatever").kind());
        assertEquals(Kind.UNRECOGNIZED, FinalizationCheck.classify("0xzz", null).kind());
    }
}
