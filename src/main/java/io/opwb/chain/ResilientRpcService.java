package io.opwb.chain;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.web3j.protocol.Service;

/**
 * A web3j transport over the nodes of one chain ({@link RpcNodes}: failover, classification) with a
 * guard around each call. In the service the guard is {@link ChainRpc} (SmallRye Fault Tolerance:
 * retry with backoff and jitter, timeout, a breaker per chain); outside CDI (the devnet, tools,
 * plain tests) it is {@link #plainRetry}. Faults come back as {@link RpcException}, an IOException,
 * as web3j callers expect.
 */
public final class ResilientRpcService extends Service {

    /** Sends a payload to one of the nodes, with whatever resilience it adds. */
    @FunctionalInterface
    public interface Guard {
        InputStream send(RpcNodes nodes, String payload) throws IOException;
    }

    private final RpcNodes nodes;
    private final Guard guard;
    private final String chain;

    public ResilientRpcService(String chain, RpcNodes nodes, Guard guard) {
        super(false);
        this.chain = chain;
        this.nodes = nodes;
        this.guard = guard;
    }

    @Override
    protected InputStream performIO(String payload) throws IOException {
        try {
            return guard.send(nodes, payload);
        } catch (FaultToleranceException e) {
            // A timeout or an open breaker: classified like any other fault, and thrown as an IOException.
            throw RpcException.of(chain, e);
        }
    }

    /**
     * For code outside CDI: up to {@code maxAttempts} attempts, transient faults only, with
     * exponential backoff and jitter (half to all of the delay). No breaker.
     */
    public static Guard plainRetry(int maxAttempts, long baseDelayMillis, long maxDelayMillis) {
        return (nodes, payload) -> {
            for (int attempt = 1;; attempt++) {
                try {
                    return nodes.send(payload);
                } catch (RpcException.Transient e) {
                    if (attempt >= maxAttempts) {
                        throw e;
                    }
                    long delay = Math.min(maxDelayMillis, baseDelayMillis << Math.min(attempt - 1, 20));
                    sleep(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
                }
            }
        };
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while backing off");
        }
    }

    @Override
    public void close() throws IOException {
        nodes.close();
    }
}
