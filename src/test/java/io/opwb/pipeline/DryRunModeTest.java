package io.opwb.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetSigner;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.storage.DryRunBatchEntity;
import io.opwb.storage.Tx;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.DryRunDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.StatusPolling;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Dry-run mode over devnet traffic: the service builds and simulates the prove batch it would send,
 * shows it once with its gas and one transaction per step's, and sends nothing (the key's nonce does
 * not move, no batch, the withdrawals stay ready). Then the very batch is sent for real: its gas is
 * within 2 % of the simulated, and the portal holds the proofs.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DryRunDevnetTestResource.class)
class DryRunModeTest {

    @Inject
    Tx tx;

    @Test
    void simulatesTheBatchItWouldSendAndSendsNothing() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        String service = DevnetAccounts.service().getAddress();
        BigInteger nonceBefore = nonce(devnet, service);
        List<InitiatedWithdrawal> withdrawals = devnet.traffic()
                .initiate(TrafficGenerator.randomRequests(5, new SplittableRandom(33)));
        StatusPolling.awaitStatus(withdrawals, "READY_TO_PROVE", Duration.ofSeconds(90));

        JsonPath batches = awaitDryRunBatch(Duration.ofSeconds(30));
        Thread.sleep(6_000); // the batch window closes again; the cycle runs 6 more times
        batches = given().get("/api/dry-run/batches").then().statusCode(200).extract().jsonPath();
        assertEquals(1, batches.getInt("total"), "each withdrawal is simulated once: " + batches.prettify());
        assertEquals("PROVE", batches.getString("items[0].kind"));
        assertEquals(5, batches.getInt("items[0].itemCount"));
        assertNull(batches.get("items[0].failure"), batches.prettify());
        long simulated = batches.getLong("items[0].simulatedGas");
        long oneByOne = batches.getLong("items[0].oneTransactionPerStepGas");
        assertTrue(oneByOne > simulated, "a batch of 5 costs less than 5 transactions: " + batches.prettify());
        assertEquals(oneByOne - simulated, batches.getLong("items[0].gasSaved"));
        long id = batches.getLong("items[0].id");
        JsonPath one = given().get("/api/dry-run/batches/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(withdrawals.stream().map(w -> Numeric.toHexString(w.transaction().hash())).sorted().toList(),
                one.getList("items.withdrawalHash", String.class).stream().sorted().toList());

        assertEquals(nonceBefore, nonce(devnet, service), "the key sent nothing on L1");
        assertEquals(0, given().get("/api/batches").then().statusCode(200).extract().jsonPath().getInt("total"));
        StatusPolling.awaitStatus(withdrawals, "READY_TO_PROVE", Duration.ofSeconds(1));

        // The real run of the same batch: the transaction the service would have sent.
        DryRunBatchEntity dry = tx.read(() -> Panache.getSession().chain(s -> s.find(DryRunBatchEntity.class, id)));
        String batcher = devnet.deployment().withdrawalBatcher();
        long l1ChainId = devnet.l1().ethChainId().send().getChainId().longValueExact();
        // With the gas limit the service would have signed (an estimate would find the least gas at which
        // the batch does not revert: every item out of gas).
        DevnetSigner signer = new DevnetSigner(devnet.l1(), DevnetAccounts.service(), l1ChainId);
        TransactionReceipt receipt = signer.awaitReceipt(signer.submitWithoutWaiting(batcher,
                Numeric.toHexString(dry.calldata), BigInteger.ZERO, BigInteger.valueOf(dry.gasLimit)));
        long used = receipt.getGasUsed().longValueExact();
        System.out.printf("dry run: simulated %d gas, the real transaction used %d (%+.2f %%)%n", simulated, used,
                100.0 * (simulated - used) / used);
        assertTrue(Math.abs(used - simulated) <= used * 0.02,
                "simulated " + simulated + " gas, the real transaction used " + used);
        for (InitiatedWithdrawal w : withdrawals) {
            var proven = devnet.portalReader().provenWithdrawals(w.transaction().hash(), batcher).send();
            assertTrue(proven.component2().signum() > 0, "proven on the portal by our batcher");
        }
        given().get("/api/dry-run/batches/nine").then().statusCode(400);
        given().get("/api/dry-run/batches/999999").then().statusCode(404);
    }

    private static JsonPath awaitDryRunBatch(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonPath page = given().get("/api/dry-run/batches").then().statusCode(200).extract().jsonPath();
            if (page.getInt("total") > 0) {
                return page;
            }
            assertTrue(System.nanoTime() < end, "no dry-run batch within " + timeout);
            Thread.sleep(500);
        }
    }

    private static BigInteger nonce(Devnet devnet, String address) throws Exception {
        return devnet.l1().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount();
    }
}
