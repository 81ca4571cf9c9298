package io.opwb.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.testing.PipelineDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The guardian blacklists the game our proofs were made against: the withdrawals need a re-prove,
 * are proven again against a valid game, and are finalized — checked on the chain.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(PipelineDevnetTestResource.class)
class BlacklistedGameTest {

    @Test
    void withdrawalsProvenAgainstABlacklistedGameAreProvenAgainAndFinalized() throws Exception {
        Devnet devnet = PipelineDevnetTestResource.devnet();
        String batcher = devnet.deployment().withdrawalBatcher();
        List<InitiatedWithdrawal> ws = devnet.traffic().initiate(TrafficGenerator.randomRequests(3, new SplittableRandom(77)));
        awaitAll(ws, "PROVEN_MATURING", Duration.ofMinutes(2));

        OptimismPortal2 reader = devnet.portalReader();
        String firstGame = reader.provenWithdrawals(ws.get(0).transaction().hash(), batcher).send().component1();
        guardianPortal(devnet).blacklistDisputeGame(firstGame).send();
        assertTrue(reader.disputeGameBlacklist(firstGame).send());
        awaitAll(ws, "NEEDS_REPROVE", Duration.ofMinutes(1));
        // L2 moves on, so the proposer has a newer block to propose: a valid game to prove against.
        devnet.traffic().initiate(TrafficGenerator.randomRequests(1, new SplittableRandom(78)));

        awaitAll(ws, "FINALIZED", Duration.ofMinutes(3));
        for (InitiatedWithdrawal w : ws) {
            byte[] hash = w.transaction().hash();
            assertTrue(reader.finalizedWithdrawals(hash).send(), "finalized on L1");
            String game = reader.provenWithdrawals(hash, batcher).send().component1();
            assertNotEquals(firstGame.toLowerCase(), game.toLowerCase(), "proven again, against another game");
        }
    }

    private static OptimismPortal2 guardianPortal(Devnet devnet) {
        var tm = new RawTransactionManager(devnet.l1(), DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID,
                new PollingTransactionReceiptProcessor(devnet.l1(), 100, 300));
        var gas = new StaticEIP1559GasProvider(DevnetOptions.L1_CHAIN_ID, BigInteger.valueOf(500_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(300_000));
        return OptimismPortal2.load(devnet.deployment().optimismPortal(), devnet.l1(), tm, gas);
    }

    private static void awaitAll(List<InitiatedWithdrawal> ws, String status, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (ws.stream().allMatch(w -> status.equals(statusOf(w)))) {
                return;
            }
            Thread.sleep(500);
        }
        JsonPath first = view(ws.get(0));
        throw new AssertionError("not all " + status + " in time; first is " + first.getString("status") + ": "
                + first.getString("reason"));
    }

    /** Null until the withdrawal is indexed. */
    private static String statusOf(InitiatedWithdrawal w) {
        var response = given().get("/api/withdrawals/" + w.transaction().hashHex());
        return response.statusCode() == 200 ? response.jsonPath().getString("status") : null;
    }

    private static JsonPath view(InitiatedWithdrawal w) {
        return given().get("/api/withdrawals/" + w.transaction().hashHex()).then().statusCode(200).extract().jsonPath();
    }
}
