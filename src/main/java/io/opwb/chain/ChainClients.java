package io.opwb.chain;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import okhttp3.OkHttpClient;

/** One JSON-RPC client per chain. web3j calls block: call them from worker threads only. */
@ApplicationScoped
public class ChainClients {

    private final Web3j l1;
    private final Web3j l2;

    public ChainClients(ChainConfig config) {
        this.l1 = connect(config.l1().rpcUrl());
        this.l2 = connect(config.l2().rpcUrl());
    }

    public static Web3j connect(String rpcUrl) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .build();
        return Web3j.build(new HttpService(rpcUrl, http));
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
    }
}
