package io.opwb.chain;

import java.io.IOException;
import java.util.Optional;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * Asks a contract a view that it may not have (a game of another kind, a portal of another
 * generation), telling its refusal apart from the node's silence: the value when it answered, empty
 * when it refused (a revert, no such function, no code, an answer that does not decode), and an
 * {@link IOException} when the node gave no verdict, which decides nothing.
 */
public final class ViewCall {

    private ViewCall() {
    }

    /** The view's first return value, as web3j decodes it. */
    public static Optional<Object> answer(Web3j l1, String contract, RemoteFunctionCall<?> view) throws IOException {
        Optional<String> returned = returned(l1, contract, view.encodeFunctionCall());
        return returned.isEmpty() ? Optional.empty() : decoded(view, returned.get());
    }

    /** What a view returned, as hex, undecoded; empty when it refused (a revert). */
    public static Optional<String> returned(Web3j l1, String contract, String calldata) throws IOException {
        EthCall result = call(l1, contract, calldata);
        return CallOutcome.of(result) instanceof CallOutcome.Failed ? Optional.empty()
                : Optional.ofNullable(result.getValue());
    }

    /** Pure: the first value of what a view returned (hex), as web3j decodes it; empty when it does not decode. */
    static Optional<Object> decoded(RemoteFunctionCall<?> view, String returned) {
        try {
            var decoded = view.decodeFunctionResponse(returned);
            return decoded.isEmpty() ? Optional.empty() : Optional.ofNullable(decoded.get(0).getValue());
        } catch (RuntimeException undecodable) {
            return Optional.empty();
        }
    }

    /**
     * Whether a call that returns nothing passes or fails (with its revert data), at the latest
     * block; an {@link IOException} when the node gave no verdict.
     */
    public static CallOutcome outcome(Web3j l1, String contract, String calldata) throws IOException {
        return CallOutcome.of(call(l1, contract, calldata));
    }

    private static EthCall call(Web3j l1, String contract, String calldata) throws IOException {
        EthCall result;
        try {
            result = l1.ethCall(Transaction.createEthCallTransaction(contract, contract, calldata),
                    DefaultBlockParameterName.LATEST).send();
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (CallOutcome.of(result) instanceof CallOutcome.NoVerdict none) {
            throw new IOException(none.reason());
        }
        return result;
    }
}
