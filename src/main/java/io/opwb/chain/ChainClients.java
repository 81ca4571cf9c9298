package io.opwb.chain;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import okhttp3.OkHttpClient;

/**
 * One JSON-RPC client per chain, over {@link ResilientRpcService}: each chain's rpc-url may list
 * several nodes, comma-separated, for failover. In the service every call goes through
 * {@link ChainRpc} (fault tolerance, a breaker per chain). web3j calls block: call them from worker
 * threads only. The health check probes the first node directly, once, so that it answers fast.
 */
@ApplicationScoped
public class ChainClients {

    /** The probes' bound: a readiness check must answer well within a probe's period. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Web3j l1;
    private final Web3j l2;
    private final Web3j l1Probe;
    private final Web3j l2Probe;

    @Inject
    public ChainClients(ChainConfig config, RpcConfig rpc, ChainRpc faultTolerance, RpcMetrics metrics) {
        Duration timeout = Duration.ofMillis(rpc.timeoutMillis());
        this.l1 = connect("l1", config.l1().rpcUrl(), metrics.counting("l1", faultTolerance::l1), timeout);
        this.l2 = connect("l2", config.l2().rpcUrl(), metrics.counting("l2", faultTolerance::l2), timeout);
        this.l1Probe = connect(RpcNodes.urls(config.l1().rpcUrl()).get(0), PROBE_TIMEOUT);
        this.l2Probe = connect(RpcNodes.urls(config.l2().rpcUrl()).get(0), PROBE_TIMEOUT);
    }

    /** Outside CDI (tests, tools): the same nodes with {@link #connectResilient}'s plain retries. */
    public ChainClients(ChainConfig config) {
        this.l1 = connectResilient(config.l1().rpcUrl());
        this.l2 = connectResilient(config.l2().rpcUrl());
        this.l1Probe = connect(RpcNodes.urls(config.l1().rpcUrl()).get(0), PROBE_TIMEOUT);
        this.l2Probe = connect(RpcNodes.urls(config.l2().rpcUrl()).get(0), PROBE_TIMEOUT);
    }

    /**
     * A client whose calls go through {@code guard} (for the service: one of {@link ChainRpc}'s
     * methods), failing over between the listed nodes; each attempt is bounded by {@code timeout}.
     */
    public static Web3j connect(String chain, String rpcUrls, ResilientRpcService.Guard guard, Duration timeout) {
        return Web3j.build(new ResilientRpcService(chain, new RpcNodes(rpcUrls, http(timeout)), guard));
    }

    /**
     * For code outside CDI (the devnet, tools, plain tests): retries transient faults with backoff and
     * jitter, failing over between the listed nodes; no breaker.
     */
    public static Web3j connectResilient(String rpcUrls) {
        return connect("rpc", rpcUrls, ResilientRpcService.plainRetry(6, 100, 2_000), Duration.ofSeconds(60));
    }

    /** A plain client: no retries. */
    public static Web3j connect(String rpcUrl) {
        return connect(rpcUrl, Duration.ofSeconds(60));
    }

    private static Web3j connect(String rpcUrl, Duration timeout) {
        return Web3j.build(new HttpService(rpcUrl, http(timeout)));
    }

    // callTimeout bounds the whole call, answer included: a node that accepts the request and then
    // stalls is given up on, which a read timeout alone (per read) might not do.
    private static OkHttpClient http(Duration timeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT)
                .readTimeout(timeout)
                .callTimeout(timeout)
                .build();
    }

    Web3j l1Probe() {
        return l1Probe;
    }

    Web3j l2Probe() {
        return l2Probe;
    }

    public Web3j l1() {
        return l1;
    }

    public Web3j l2() {
        return l2;
    }

    @PreDestroy
    void close() {
        l1.shutdown();
        l2.shutdown();
        l1Probe.shutdown();
        l2Probe.shutdown();
    }
}
