package io.opwb.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Fallback;
import org.web3j.protocol.Web3j;

/** One look at a node for the readiness check: one attempt, and DOWN with the reason if it fails. */
@ApplicationScoped
public class ChainProbe {

    public record Answer(boolean up, String data) {
    }

    @Fallback(fallbackMethod = "unreachable")
    public Answer probe(Web3j node, long expectedChainId) {
        BigInteger chainId;
        BigInteger head;
        try {
            chainId = node.ethChainId().send().getChainId();
            head = node.ethBlockNumber().send().getBlockNumber();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (chainId.longValueExact() != expectedChainId) {
            return new Answer(false, "chain id " + chainId + ", expected " + expectedChainId);
        }
        return new Answer(true, "chain " + chainId + ", head " + head);
    }

    // A probe that cannot reach the node has its answer: not ready. Honest, unlike a made-up value.
    Answer unreachable(Web3j node, long expectedChainId, RuntimeException failure) {
        Throwable cause = failure instanceof UncheckedIOException ? failure.getCause() : failure;
        return new Answer(false, "unreachable: " + RpcErrorKind.of(cause) + ", " + cause.getMessage());
    }
}
