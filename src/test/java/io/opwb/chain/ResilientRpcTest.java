package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.testing.FaultyRpcProxy;

/** Chain access survives rate limits, 5xx and dropped connections, and fails over between nodes. */
class ResilientRpcTest {

    private static Devnet devnet;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(DevnetOptions.forTests());
        devnet.traffic().initiate(TrafficGenerator.randomRequests(5, new SplittableRandom(1)));
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    @Test
    void everyCallSucceedsThroughANodeThatFailsAFifthOfTheTime() throws Exception {
        try (FaultyRpcProxy proxy = new FaultyRpcProxy(devnet.l2RpcUrl(), 0.2)) {
            Web3j l2 = ChainClients.connectResilient(proxy.url());
            BigInteger head = devnet.l2().ethBlockNumber().send().getBlockNumber();
            for (int i = 0; i < 150; i++) {
                assertEquals(head, l2.ethBlockNumber().send().getBlockNumber());
            }
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST,
                    Predeploys.L2_TO_L1_MESSAGE_PASSER);
            for (int i = 0; i < 20; i++) {
                assertEquals(5, l2.ethGetLogs(filter).send().getLogs().size());
            }
            assertTrue(proxy.faults() > 20, "faults were injected: " + proxy.faults());
            l2.shutdown();
        }
    }

    @Test
    void failsOverToTheNextNodeAndDoesNotRetryARevert() throws Exception {
        Web3j l1 = ChainClients.connectResilient("http://127.0.0.1:9, " + devnet.l1RpcUrl());
        assertEquals(BigInteger.valueOf(900), l1.ethChainId().send().getChainId());
        // A revert is the node's answer, not a transport fault: it comes back at once, as an error.
        long started = System.nanoTime();
        var call = l1.ethCall(Transaction.createEthCallTransaction(null, devnet.deployment().withdrawalBatcher(),
                "0xdeadbeef"), DefaultBlockParameterName.LATEST).send();
        assertTrue(call.isReverted() || call.hasError());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1_000, "no backoff for a revert");
        l1.shutdown();
    }

    @Test
    void classifiesOnce() {
        assertEquals(RpcErrorKind.RATE_LIMITED, RpcErrorKind.of("Invalid response received: 429; too many requests"));
        assertEquals(RpcErrorKind.UNAVAILABLE, RpcErrorKind.of("Invalid response received: 503; service unavailable"));
        assertEquals(RpcErrorKind.NONCE_TOO_LOW, RpcErrorKind.of("nonce too low: next nonce 5, tx nonce 4"));
        assertEquals(RpcErrorKind.UNDERPRICED, RpcErrorKind.of("replacement transaction underpriced"));
        assertEquals(RpcErrorKind.ALREADY_KNOWN, RpcErrorKind.of("already known"));
        assertEquals(RpcErrorKind.REVERTED, RpcErrorKind.of("execution reverted: OptimismPortal: paused"));
        assertEquals(RpcErrorKind.TIMEOUT, RpcErrorKind.of(new java.net.SocketTimeoutException("read timed out")));
        assertEquals(RpcErrorKind.UNAVAILABLE, RpcErrorKind.of(new java.net.ConnectException("Connection refused")));
        assertEquals(RpcErrorKind.NODE_ERROR, RpcErrorKind.of("header not found"));
        assertTrue(RpcErrorKind.RATE_LIMITED.isTransient() && !RpcErrorKind.REVERTED.isTransient());
        assertEquals("http://node.example:8545", ResilientRpcService.redact("http://node.example:8545/v2/SECRETKEY"));
        assertTrue(List.of(RpcErrorKind.values()).size() >= 8);
    }
}
