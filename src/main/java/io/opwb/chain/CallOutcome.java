package io.opwb.chain;

import java.util.Locale;

import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * What an {@code eth_call} said, told apart once: the call ran and passed, the call ran and failed
 * (a revert, with its data, or the EVM stopped it: out of gas, an invalid opcode), or the node gave
 * no verdict (an error of its own: a timeout, a missing header, a rate limit, no answer at all).
 * Only a failure says something about the call; a node error says nothing, and never decides
 * anything for good.
 */
public sealed interface CallOutcome {

    /** The call would succeed. */
    record Passed() implements CallOutcome {
    }

    /** The call ran and failed; {@code revertData} is the raw data (hex), or null when the EVM stopped it. */
    record Failed(String reason, String revertData) implements CallOutcome {

        /**
         * A paused portal (or system, or ETH lockbox) refused a portal call: a fact about the portal, not
         * about the withdrawal. Meaningful only for calls to the portal itself: any other contract can
         * revert with the same data.
         */
        public boolean portalPaused() {
            return revertData != null ? RevertReasons.isPause(RevertReasons.selector(revertData))
                    : reason.contains("CallPaused");
        }
    }

    /** The node gave no verdict. */
    record NoVerdict(String reason) implements CallOutcome {
    }

    Passed PASSED = new Passed();

    /** JSON-RPC error code of a revert (geth, anvil, reth, erigon). */
    int REVERT_CODE = 3;

    static CallOutcome of(EthCall call) {
        if (call.hasError()) {
            return ofError(call.getError());
        }
        // A result is never read as a revert: what a passing callee returns is its own choice, and
        // today's nodes report reverts as errors.
        return PASSED;
    }

    static CallOutcome ofError(Response.Error error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        String data = unquoted(error.getData());
        boolean hexData = data != null && data.matches("^0x[0-9a-fA-F]*$");
        if (error.getCode() == REVERT_CODE || executionFailure(message)) {
            String reason = hexData ? RevertReasons.describe(data) : RevertReasons.bounded(message);
            return new Failed(reason, hexData ? data : null);
        }
        return new NoVerdict(RevertReasons.bounded("node error " + error.getCode() + ": " + message));
    }

    /** web3j keeps an error's data as raw JSON: a string comes with its quotes. */
    private static String unquoted(String data) {
        if (data == null) {
            return null;
        }
        String d = data.trim();
        return d.length() >= 2 && d.startsWith("\"") && d.endsWith("\"") ? d.substring(1, d.length() - 1) : d;
    }

    /** Messages with which nodes report that the EVM stopped the call, not that the node failed. */
    static boolean executionFailure(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("revert") || m.contains("out of gas") || m.contains("outofgas")
                || m.contains("invalid opcode") || m.contains("invalidfeopcode") || m.contains("opcodenotfound")
                || m.contains("stack underflow") || m.contains("stack overflow") || m.contains("invalid jump")
                || m.contains("stack limit");
    }

    /** A call that threw: the node (or the way to it) failed; never a verdict on the call. */
    static CallOutcome noAnswer(Exception e) {
        return new NoVerdict(RevertReasons.bounded("no answer from the node: " + e.getMessage()));
    }
}
