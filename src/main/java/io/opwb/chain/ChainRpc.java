package io.opwb.chain;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Fault tolerance of chain access: every JSON-RPC call of the service's clients ({@link ChainClients})
 * goes through here. Each attempt is bounded by a timeout; transient faults (classified where they
 * arise: {@link RpcException.Transient}) and timeouts are retried with exponential backoff and
 * jitter, each retry at the next node ({@link RpcNodes}); anything else (a 4xx, say) comes back at
 * once. A breaker per chain (FT keeps one per method) fails calls fast while that chain's nodes keep
 * failing, without holding up the other chain. A node's error answer (a revert, nonce too low) is
 * an HTTP 200 and never an exception here: it is neither retried nor counted by the breaker.
 * <p>
 * The annotations are on the class so that one config key sets a value for both chains (FT reads
 * class keys for class annotations, method keys for method ones): {@code quarkus.fault-tolerance.
 * "io.opwb.chain.ChainRpc".retry.max-retries}, at run time. The timeout follows
 * {@code opwb.rpc.timeout-millis} (application.properties), which also bounds the HTTP call: a
 * timeout cannot interrupt a blocking socket read.
 */
@ApplicationScoped
@Retry(maxRetries = 5, delay = 200, jitter = 100, maxDuration = 60_000,
        retryOn = { RpcException.Transient.class, TimeoutException.class })
@ExponentialBackoff(factor = 2, maxDelay = 3_000)
@Timeout(20_000)
@CircuitBreaker(requestVolumeThreshold = 40, failureRatio = 0.5, delay = 10_000, successThreshold = 3,
        failOn = { RpcException.Transient.class, TimeoutException.class })
public class ChainRpc {

    /** Breaker names, for {@code CircuitBreakerMaintenance}. */
    public static final String L1_BREAKER = "rpc-l1";
    public static final String L2_BREAKER = "rpc-l2";

    @CircuitBreakerName(L1_BREAKER)
    public InputStream l1(RpcNodes nodes, String payload) throws IOException {
        return nodes.send(payload);
    }

    @CircuitBreakerName(L2_BREAKER)
    public InputStream l2(RpcNodes nodes, String payload) throws IOException {
        return nodes.send(payload);
    }
}
