package io.opwb.chain;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import okhttp3.OkHttpClient;

/**
 * One JSON-RPC client per chain, over {@link ResilientRpcService}: each chain's rpc-url may list
 * several nodes, comma-separated, for failover. web3j calls block: call them from worker threads
 * only. The health check probes the first node directly, without retries, so that it answers fast.
 */
@ApplicationScoped
public class ChainClients {

    private final Web3j l1;
    private final Web3j l2;
    private final Web3j l1Probe;
    private final Web3j l2Probe;

    public ChainClients(ChainConfig config) {
        this.l1 = connectResilient(config.l1().rpcUrl());
        this.l2 = connectResilient(config.l2().rpcUrl());
        this.l1Probe = connect(urls(config.l1().rpcUrl()).get(0));
        this.l2Probe = connect(urls(config.l2().rpcUrl()).get(0));
    }

    static java.util.List<String> urls(String rpcUrl) {
        return java.util.Arrays.stream(rpcUrl.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    /** Retries transient faults with backoff and jitter, failing over between the listed nodes. */
    public static Web3j connectResilient(String rpcUrls) {
        return Web3j.build(new ResilientRpcService(urls(rpcUrls), http(), 6, 100, 2_000));
    }

    private static OkHttpClient http() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** A plain client: no retries. */
    public static Web3j connect(String rpcUrl) {
        return Web3j.build(new HttpService(rpcUrl, http()));
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
