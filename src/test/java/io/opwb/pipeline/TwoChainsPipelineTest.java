package io.opwb.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.devnet.AdditionalChain;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.Tx;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TwoChainsDevnetTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Two OP chains on one L1, one service, one signer: withdrawals on both are proven and finalized
 * through each chain's own portal and batcher, by transactions of the one key whose nonces follow
 * each other without a gap or a repeat. The same withdrawal hash on both chains is two withdrawals,
 * each finalized once on its own portal. The API and the metrics carry the chain.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(TwoChainsDevnetTestResource.class)
class TwoChainsPipelineTest {

    @Inject
    Tx tx;

    @Test
    void bothChainsAreFinalizedByOneSigner() throws Exception {
        Devnet devnet = TwoChainsDevnetTestResource.devnet();
        AdditionalChain b = devnet.additional().get(0);
        String twinTarget = "0x00000000000000000000000000000000000c4a17";
        BigInteger twinValue = new BigInteger("30000000000000000");

        // The first withdrawal on each chain, identical: same sender, nonce, target, value, gas, data.
        InitiatedWithdrawal twinA = devnet.traffic().initiate(WithdrawalRequest.eth(twinTarget, twinValue));
        InitiatedWithdrawal twinB = b.traffic().initiate(WithdrawalRequest.eth(twinTarget, twinValue));
        assertEquals(twinA.transaction().hashHex(), twinB.transaction().hashHex(), "one hash on two chains");

        SplittableRandom random = new SplittableRandom(902);
        List<InitiatedWithdrawal> onA = new ArrayList<>(devnet.traffic().initiateInOneBlock(
                TrafficGenerator.randomRequests(12, random)));
        List<InitiatedWithdrawal> onB = new ArrayList<>(b.traffic().initiateInOneBlock(
                TrafficGenerator.randomRequests(12, random)));

        awaitFinalized("l2", onA, twinA);
        awaitFinalized("l2b", onB, twinB);

        // Each chain's own portal finalized its own withdrawals, and the twin on both.
        assertFinalizedOn(devnet.portalReader(), onA);
        assertFinalizedOn(b.portalReader(), onB);
        assertTrue(devnet.portalReader().finalizedWithdrawals(twinA.transaction().hash()).send());
        assertTrue(b.portalReader().finalizedWithdrawals(twinB.transaction().hash()).send());
        assertEquals(twinValue.multiply(BigInteger.TWO), devnet.l1().ethGetBalance(twinTarget,
                DefaultBlockParameterName.LATEST).send().getBalance(), "paid once by each portal");

        // The API: the chains, then the twin hash, ambiguous without a chain, each chain's copy its own.
        JsonPath chains = given().get("/api/chains").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("l2", "l2b"), chains.getList("name"));
        assertEquals(b.deployment().optimismPortal(), chains.getString("find { it.name == 'l2b' }.portal"));
        String twin = twinA.transaction().hashHex();
        given().get("/api/withdrawals/" + twin).then().statusCode(409);
        JsonPath onChainB = given().queryParam("chain", "l2b").get("/api/withdrawals/" + twin).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("l2b", onChainB.getString("chain"));
        assertEquals(902L, onChainB.getLong("chainId"));
        assertEquals("FINALIZED", onChainB.getString("status"));
        JsonPath onChainA = given().queryParam("chain", "901").get("/api/withdrawals/" + twin).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("l2", onChainA.getString("chain"));
        assertTrue(!onChainA.getString("finalizeTxHash").equals(onChainB.getString("finalizeTxHash")),
                "finalized by two transactions, one per portal");
        given().queryParam("chain", "nope").get("/api/withdrawals/" + twin).then().statusCode(400);
        List<String> listedOnB = given().queryParam("chain", "l2b").queryParam("size", 500).get("/api/withdrawals")
                .then().statusCode(200).extract().jsonPath().getList("items.chain");
        assertEquals(Set.of("l2b"), new HashSet<>(listedOnB));
        assertEquals(onB.size() + 1, listedOnB.size());

        // One signer for both chains: every batch from the one key, nonces without gap or repeat.
        JsonPath batches = given().queryParam("size", 500).get("/api/batches").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(Set.of("l2", "l2b"), new HashSet<>(batches.getList("items.chain")));
        assertEquals(Set.of(DevnetAccounts.service().getAddress().toLowerCase()),
                new HashSet<>(batches.getList("items.sender")));
        List<L1TransactionEntity> sent = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from L1TransactionEntity where status = io.opwb.storage.TransactionStatus.MINED order by nonce", L1TransactionEntity.class)
                .getResultList()));
        String key = DevnetAccounts.service().getAddress();
        long onChainNonce = devnet.l1().ethGetTransactionCount(key, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(Numeric.toHexString(sent.get(i).sender).toLowerCase(), key.toLowerCase());
            assertEquals(onChainNonce - sent.size() + i, sent.get(i).nonce, "nonces follow each other: " + i);
        }

        // The metrics carry the chain.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("opwb_withdrawals{chain=\"l2b\",status=\"FINALIZED\"} " + (onB.size() + 1)),
                metrics.lines().filter(l -> l.startsWith("opwb_withdrawals")).toList().toString());
        assertTrue(metrics.contains("opwb_indexer_lag_blocks{chain=\"l2b\",indexer=\"l2-withdrawals\"}"));
    }

    /** Polls one chain's list until all are FINALIZED there. */
    private static void awaitFinalized(String chain, List<InitiatedWithdrawal> ws, InitiatedWithdrawal twin)
            throws InterruptedException {
        Set<String> pending = new HashSet<>();
        ws.forEach(w -> pending.add(w.transaction().hashHex()));
        pending.add(twin.transaction().hashHex());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            pending.removeAll(given().queryParam("chain", chain).queryParam("status", "FINALIZED")
                    .queryParam("size", 500).get("/api/withdrawals").then().statusCode(200).extract().jsonPath()
                    .getList("items.withdrawalHash"));
            Thread.sleep(1000);
        }
        assertTrue(pending.isEmpty(), pending.size() + " withdrawals on " + chain + " not finalized");
    }

    private static void assertFinalizedOn(OptimismPortal2 portal, List<InitiatedWithdrawal> ws) throws Exception {
        for (InitiatedWithdrawal w : ws) {
            assertTrue(portal.finalizedWithdrawals(w.transaction().hash()).send(), w.transaction().hashHex());
        }
    }

}
