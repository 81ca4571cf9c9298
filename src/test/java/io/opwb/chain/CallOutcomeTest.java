package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.protocol.core.Response;

/** A revert is a verdict on the call; a node's own error is none. */
class CallOutcomeTest {

    @Test
    void aRevertWithDataIsAFailureDescribedFromItsData() {
        // web3j keeps the error's data as raw JSON, quotes included
        var outcome = CallOutcome.ofError(new Response.Error(3, "execution reverted: custom error 0x08c379a0: ?"));
        assertInstanceOf(CallOutcome.Failed.class, outcome);
        Response.Error withData = new Response.Error(3, "execution reverted");
        withData.setData("\"0x08c379a0" + "00".repeat(31) + "20" + "00".repeat(29) + "0f4240\"");
        var failed = (CallOutcome.Failed) CallOutcome.ofError(withData);
        assertTrue(failed.reason().startsWith("reverted with a malformed Error(string)"), failed.reason());
        assertFalse(failed.portalPaused());
    }

    @Test
    void theEvmStoppingTheCallIsAFailureToo() {
        assertInstanceOf(CallOutcome.Failed.class, CallOutcome.ofError(new Response.Error(-32000, "out of gas")));
        assertInstanceOf(CallOutcome.Failed.class, CallOutcome.ofError(new Response.Error(-32015, "EVM error InvalidFEOpcode")));
    }

    @Test
    void aNodesOwnErrorIsNoVerdict() {
        for (String message : new String[] {"header not found", "request timed out", "missing trie node abc",
            "intrinsic gas too high -- GasFloorMoreThanGasLimit", "rate limited"}) {
            var outcome = CallOutcome.ofError(new Response.Error(-32000, message));
            assertInstanceOf(CallOutcome.NoVerdict.class, outcome, message);
        }
        assertInstanceOf(CallOutcome.NoVerdict.class, CallOutcome.noAnswer(new java.io.IOException("connection reset")));
    }

    @Test
    void aPausedPortalIsRecognised() {
        Response.Error paused = new Response.Error(3, "execution reverted");
        paused.setData("\"0xf480973e\"");
        var failed = (CallOutcome.Failed) CallOutcome.ofError(paused);
        assertTrue(failed.portalPaused());
        assertEquals("reverted with CallPaused() — the portal is paused", failed.reason());
    }

    @Test
    void theLaterPortalsAndTheLockboxPausesAreRecognisedByTheirErrorsAlone() {
        for (String signature : new String[] {"OptimismPortal_CallPaused()", "ETHLockbox_Paused()"}) {
            Response.Error paused = new Response.Error(3, "execution reverted");
            paused.setData("0x" + RevertReasons.selectorOf(signature));
            var failed = (CallOutcome.Failed) CallOutcome.ofError(paused);
            assertTrue(failed.portalPaused(), signature);
            assertTrue(failed.reason().contains(signature), failed.reason());
        }
        // a reason text that merely mentions the word is no pause when the data says otherwise
        Response.Error text = new Response.Error(3, "execution reverted: CallPaused");
        text.setData(FunctionEncoder.encode(new Function("Error", java.util.List.of(new Utf8String("CallPaused")),
                java.util.List.of())));
        assertFalse(((CallOutcome.Failed) CallOutcome.ofError(text)).portalPaused());
    }
}
