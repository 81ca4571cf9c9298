package io.opwb.chain;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.http.HttpService;

import okhttp3.OkHttpClient;

/**
 * The L1 client (each OP chain's L2 client is in its {@link ChainContext}), and how clients are
 * made: one JSON-RPC client per chain, over {@link ResilientRpcService}: each chain's rpc-url may list
 * several nodes, comma-separated, for failover. In the service every call goes through
 * {@link ChainRpc} (fault tolerance, a breaker per chain). web3j calls block: call them from worker
 * threads only. The health check probes each node directly, once, so that it answers fast.
 */
@ApplicationScoped
public class ChainClients {

    /** The probes' bound: a readiness check must answer well within a probe's period. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final ResilientRpcService.Guard PLAIN_RETRY = ResilientRpcService.plainRetry(6, 100, 2_000);
    private static final Duration PLAIN_TIMEOUT = Duration.ofSeconds(60);

    private final Web3jService l1Service;
    private final Web3j l1;
    private final NodeProbes l1Probes;

    @Inject
    public ChainClients(ChainConfig config, RpcConfig rpc, ChainRpc faultTolerance, RpcMetrics metrics,
            RpcTracing tracing) {
        Duration timeout = Duration.ofMillis(rpc.timeoutMillis());
        this.l1Service = service("l1", config.l1().rpcUrl(),
                metrics.counting("l1", tracing.tracing("l1", faultTolerance::l1)), timeout, rpc.maxAnswerBytes());
        this.l1 = Web3j.build(l1Service);
        this.l1Probes = new NodeProbes(config.l1().rpcUrl());
    }

    /** Outside CDI (tests, tools): the same node with {@link #connectResilient}'s plain retries. */
    public ChainClients(ChainConfig config) {
        this.l1Service = service("rpc", config.l1().rpcUrl(), PLAIN_RETRY, PLAIN_TIMEOUT,
                RpcNodes.DEFAULT_MAX_ANSWER_BYTES);
        this.l1 = Web3j.build(l1Service);
        this.l1Probes = new NodeProbes(config.l1().rpcUrl());
    }

    /** A client for health probes: one node, no retries, answers within the probe's bound. */
    static Web3j probe(String rpcUrl) {
        return connect(rpcUrl, PROBE_TIMEOUT);
    }

    /**
     * A client whose calls go through {@code guard} (for the service: one of {@link ChainRpc}'s
     * methods), failing over between the listed nodes; each attempt is bounded by {@code timeout}.
     */
    public static Web3j connect(String chain, String rpcUrls, ResilientRpcService.Guard guard, Duration timeout) {
        return connect(chain, rpcUrls, guard, timeout, RpcNodes.DEFAULT_MAX_ANSWER_BYTES);
    }

    /** As {@link #connect(String, String, ResilientRpcService.Guard, Duration)}; longer answers are refused. */
    public static Web3j connect(String chain, String rpcUrls, ResilientRpcService.Guard guard, Duration timeout,
            int maxAnswerBytes) {
        return Web3j.build(service(chain, rpcUrls, guard, timeout, maxAnswerBytes));
    }

    /** The transport {@link #connect} builds a client on: for requests of the caller's own answer types. */
    static Web3jService service(String chain, String rpcUrls, ResilientRpcService.Guard guard, Duration timeout,
            int maxAnswerBytes) {
        return new ResilientRpcService(chain, new RpcNodes(rpcUrls, http(timeout, rpcUrls), maxAnswerBytes), guard);
    }

    /**
     * For code outside CDI (the devnet, tools, plain tests): retries transient faults with backoff and
     * jitter, failing over between the listed nodes; no breaker.
     */
    public static Web3j connectResilient(String rpcUrls) {
        return Web3j.build(serviceResilient(rpcUrls));
    }

    /** {@link #connectResilient}'s transport. */
    static Web3jService serviceResilient(String rpcUrls) {
        return service("rpc", rpcUrls, PLAIN_RETRY, PLAIN_TIMEOUT, RpcNodes.DEFAULT_MAX_ANSWER_BYTES);
    }

    /** A plain client: no retries. */
    public static Web3j connect(String rpcUrl) {
        return connect(rpcUrl, Duration.ofSeconds(60));
    }

    private static Web3j connect(String rpcUrl, Duration timeout) {
        return Web3j.build(new HttpService(rpcUrl, http(timeout, rpcUrl)));
    }

    // callTimeout bounds the whole call, answer included: a node that accepts the request and then
    // stalls is given up on, which a read timeout alone (per read) might not do. Nodes reached over
    // plain http:// get a client without TLS: OkHttp otherwise loads the trust store and sets up
    // TLS as it is built (a fifth of a second at start), for nothing.
    private static OkHttpClient http(Duration timeout, String rpcUrls) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT)
                .readTimeout(timeout)
                .callTimeout(timeout);
        if (RpcNodes.urls(rpcUrls).stream().allMatch(url -> url.regionMatches(true, 0, "http://", 0, 7))) {
            builder.connectionSpecs(java.util.List.of(okhttp3.ConnectionSpec.CLEARTEXT));
        }
        return builder.build();
    }

    /** The first L1 node directly, without retries: what the start-up check asks. */
    Web3j l1Probe() {
        return l1Probes.first();
    }

    /** Each L1 node of the failover list directly, for health probes. */
    NodeProbes l1Probes() {
        return l1Probes;
    }

    /**
     * The gas an L1 call would use as a transaction of its own, intrinsic gas included (the
     * {@code gasUsed} of {@code eth_createAccessList}; unlike {@code eth_estimateGas} it does not
     * include gas a contract merely reserves, like the portal's for a withdrawal's target call).
     * Empty when the node cannot say.
     */
    public java.util.OptionalLong l1GasUsed(String from, String to, String data) {
        GasUse use = l1GasUse(from, to, data);
        return use.gas() == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(use.gas());
    }

    /** The gas an L1 call would use (as {@link #l1GasUsed}), or, when it would fail, the node's reason. */
    public record GasUse(Long gas, String failure) {
    }

    /** {@link #l1GasUsed}, with the node's reason when it cannot say (a revert, an error). */
    public GasUse l1GasUse(String from, String to, String data) {
        try {
            var call = org.web3j.protocol.core.methods.request.Transaction.createFunctionCallTransaction(from, null,
                    null, null, to, java.math.BigInteger.ZERO, data);
            AccessListGas answer = new org.web3j.protocol.core.Request<>("eth_createAccessList",
                    java.util.List.of(call, "latest"), l1Service, AccessListGas.class).send();
            if (answer.hasError()) {
                return new GasUse(null, RevertReasons.describe(answer.getError().getData()) + " ("
                        + answer.getError().getMessage() + ")");
            }
            if (answer.getResult() == null || answer.getResult().get("gasUsed") == null) {
                return new GasUse(null, "the node answered eth_createAccessList without gasUsed");
            }
            Object error = answer.getResult().get("error");
            if (error != null) { // geth reports a reverting call here, with the gas it used until then
                return new GasUse(null, String.valueOf(error));
            }
            return new GasUse(org.web3j.utils.Numeric.decodeQuantity(
                    String.valueOf(answer.getResult().get("gasUsed"))).longValueExact(), null);
        } catch (java.io.IOException | RuntimeException e) {
            return new GasUse(null, "no answer: " + e.getMessage());
        }
    }

    /** eth_createAccessList's answer: {accessList, gasUsed, error?}. */
    public static final class AccessListGas extends org.web3j.protocol.core.Response<java.util.Map<String, Object>> {
    }

    /**
     * {@code eth_call} with {@code account}'s balance set to {@code balance} for the call only (the
     * state override geth, reth, erigon, nethermind and anvil take as a third parameter). Where ETH
     * sits in an ETHLockbox (op-contracts v4+), the portal holds none until a finalization unlocks
     * it: a target's call with value can only be simulated from the portal this way.
     */
    public org.web3j.protocol.core.methods.response.EthCall ethCallWithBalance(
            org.web3j.protocol.core.methods.request.Transaction call,
            org.web3j.protocol.core.DefaultBlockParameter block, String account, java.math.BigInteger balance)
            throws java.io.IOException {
        java.util.Map<String, Object> overrides = java.util.Map.of(account,
                java.util.Map.of("balance", org.web3j.utils.Numeric.encodeQuantity(balance)));
        return new org.web3j.protocol.core.Request<>("eth_call", java.util.List.of(call, block.getValue(), overrides),
                l1Service, org.web3j.protocol.core.methods.response.EthCall.class).send();
    }

    /** The L1 head's timestamp, seconds: the clock the portal's and our contract's checks use. */
    public long l1Now() throws java.io.IOException {
        return l1.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false).send()
                .getBlock().getTimestamp().longValueExact();
    }

    public Web3j l1() {
        return l1;
    }

    @PreDestroy
    void close() {
        l1.shutdown();
        l1Probes.close();
    }
}
