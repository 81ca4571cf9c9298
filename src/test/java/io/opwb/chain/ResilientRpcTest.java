package io.opwb.chain;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import io.opwb.testing.FaultyRpcProxy.Fault;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Chain access through the service's fault tolerance ({@link ChainRpc}) survives rate limits, 5xx,
 * dropped connections, timeouts and latency, fails over between nodes, opens the breaker of the
 * failing chain only, and does not retry a revert. The service's own clients point nowhere here
 * (the test profile); these tests build clients to a devnet through the same bean.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class ResilientRpcTest {

    private static Devnet devnet;

    @Inject
    ChainRpc rpc;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(DevnetOptions.forTests());
        devnet.traffic().initiate(TrafficGenerator.randomRequests(5, new SplittableRandom(1)));
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    @Test
    void transientFaultsAndTimeoutsAreRetried() throws Exception {
        // Answers held 1.5 s, clients give up after 0.5 s: timeouts, retried like the other faults.
        try (FaultyRpcProxy proxy = new FaultyRpcProxy(devnet.l2RpcUrl(), 0.2, Duration.ofMillis(1_500))) {
            Web3j l2 = ChainClients.connect("l2", proxy.url(), rpc::l2, Duration.ofMillis(500));
            BigInteger head = devnet.l2().ethBlockNumber().send().getBlockNumber();
            for (int i = 0; i < 100; i++) {
                assertEquals(head, l2.ethBlockNumber().send().getBlockNumber());
            }
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST,
                    Predeploys.L2_TO_L1_MESSAGE_PASSER);
            for (int i = 0; i < 20; i++) {
                assertEquals(5, l2.ethGetLogs(filter).send().getLogs().size());
            }
            System.out.println("120 calls through " + proxy);
            assertTrue(proxy.faults() > 20, proxy.toString());
            // node errors are injected only for the methods a test names (none here)
            for (Fault kind : java.util.EnumSet.complementOf(java.util.EnumSet.of(Fault.NODE_ERROR))) {
                assertTrue(proxy.faults(kind) > 0, "injected " + kind + ": " + proxy);
            }
            assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(ChainRpc.L2_BREAKER), "a fifth is not an outage");
            l2.shutdown();
        }
    }

    @Test
    void failsOverFromADeadNode() throws Exception {
        Web3j l1 = ChainClients.connect("l1", "http://127.0.0.1:9, " + devnet.l1RpcUrl(), rpc::l1, Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            assertEquals(BigInteger.valueOf(900), l1.ethChainId().send().getChainId());
        }
        l1.shutdown();
        // Outside CDI (the devnet, tools): the same nodes, with plain retries.
        Web3j plain = ChainClients.connectResilient("http://127.0.0.1:9, " + devnet.l1RpcUrl());
        assertEquals(BigInteger.valueOf(900), plain.ethChainId().send().getChainId());
        plain.shutdown();
    }

    @Test
    void aRevertIsNotRetried() throws Exception {
        try (FaultyRpcProxy counting = new FaultyRpcProxy(devnet.l1RpcUrl(), 0)) {
            Web3j l1 = ChainClients.connect("l1", counting.url(), rpc::l1, Duration.ofSeconds(5));
            var call = l1.ethCall(Transaction.createEthCallTransaction(null, devnet.deployment().withdrawalBatcher(),
                    "0xdeadbeef"), DefaultBlockParameterName.LATEST).send();
            // A revert is the node's answer, not a transport fault: it comes back at once, as an error.
            assertTrue(call.isReverted() || call.hasError());
            assertEquals(RpcErrorKind.REVERTED, RpcErrorKind.of(call.getError().getMessage()));
            assertEquals(1, counting.forwarded(), "sent once");
            l1.shutdown();
        }
    }

    @Test
    void theBreakerOfAFailingChainOpensAndTheOtherStaysClosed() throws Exception {
        Web3j l1 = ChainClients.connect("l1", "http://127.0.0.1:9", rpc::l1, Duration.ofSeconds(1));
        RpcException failure = null;
        for (int i = 0; i < 30 && breakers.currentState(ChainRpc.L1_BREAKER) != CircuitBreakerState.OPEN; i++) {
            failure = assertThrows(RpcException.class, () -> l1.ethChainId().send());
            assertEquals(RpcErrorKind.UNAVAILABLE, failure.kind());
        }
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState(ChainRpc.L1_BREAKER));
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(ChainRpc.L2_BREAKER));
        // Open: calls fail at once, without touching the node, until the breaker's delay has passed.
        long started = System.nanoTime();
        RpcException fast = assertThrows(RpcException.class, () -> l1.ethChainId().send());
        assertInstanceOf(CircuitBreakerOpenException.class, fast.getCause());
        assertEquals(RpcErrorKind.UNAVAILABLE, fast.kind());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 100, "failed fast");
        assertNotNull(failure);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("ft_circuitbreaker_opened_total")
                && l.contains("io.opwb.chain.ChainRpc.l1") && !l.endsWith(" 0.0")), "the opening is in the metrics");
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
        assertEquals(RpcErrorKind.TIMEOUT,
                RpcErrorKind.of(new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException("timed out")));
        assertInstanceOf(RpcException.Transient.class, RpcException.of("l1", new java.net.ConnectException("refused")));
        assertTrue(RpcErrorKind.RATE_LIMITED.isTransient() && !RpcErrorKind.REVERTED.isTransient());
        assertEquals("http://node.example:8545", RpcNodes.redact("http://node.example:8545/v2/SECRETKEY"));
        assertTrue(List.of(RpcErrorKind.values()).size() >= 8);
    }
}
