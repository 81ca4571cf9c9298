package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.opwb.chain.WithdrawalTransaction;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.testing.ManifestPipelineDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.ReceiptVerifier;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The service in manifest mode, end to end on the devnet: the manifest signer (anvil, as a remote
 * signer) signs each manifest, its chunks go out from two submitter keys, every withdrawal is
 * finalized on the portal, and a withdrawal's receipt from the API verifies against L1 with
 * OpenZeppelin's and viem's tools (contracts/scripts/verify-receipt.mjs).
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(ManifestPipelineDevnetTestResource.class)
class ManifestPipelineTest {

    @Test
    void manifestsAreSignedExecutedInChunksByTwoKeysAndReceiptsVerifyAgainstL1() throws Exception {
        Devnet devnet = ManifestPipelineDevnetTestResource.devnet();
        List<InitiatedWithdrawal> withdrawals = new ArrayList<>(
                devnet.traffic().initiateInOneBlock(TrafficGenerator.randomRequests(11, new SplittableRandom(11))));
        Map<String, BigInteger> before = new HashMap<>();
        for (InitiatedWithdrawal w : withdrawals) {
            before.merge(w.transaction().target(), balance(devnet, w.transaction().target()), (a, b) -> a);
        }

        awaitStatus(withdrawals, "FINALIZED", Duration.ofMinutes(4));

        Map<String, BigInteger> paid = new HashMap<>();
        for (InitiatedWithdrawal w : withdrawals) {
            WithdrawalTransaction tx = w.transaction();
            assertTrue(devnet.portalReader().finalizedWithdrawals(tx.hash()).send(), "finalized on L1: " + tx.hashHex());
            paid.merge(tx.target(), tx.value(), BigInteger::add);
        }
        paid.forEach((target, value) -> assertEquals(before.get(target).add(value), balanceOrThrow(devnet, target),
                "target paid exactly once: " + target));

        // Every batch is a chunk of a manifest; chunks of at most CHUNK_ITEMS; both submitter keys sent some.
        JsonPath batches = given().queryParam("size", 500).get("/api/batches").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> all = batches.getList("items");
        assertTrue(all.size() >= 6, "11 withdrawals, two steps, chunks of 4: " + all.size() + " batches");
        Set<String> senders = new HashSet<>();
        Map<Object, Integer> chunksPerManifest = new HashMap<>();
        for (Map<String, Object> b : all) {
            assertNotNull(b.get("manifestId"), "batch #" + b.get("id") + " executes a manifest");
            assertTrue(((Number) b.get("itemCount")).intValue() <= ManifestPipelineDevnetTestResource.CHUNK_ITEMS);
            assertEquals("CONFIRMED", b.get("status"));
            senders.add(String.valueOf(b.get("sender")).toLowerCase());
            chunksPerManifest.merge(b.get("manifestId"), 1, Integer::sum);
        }
        assertEquals(Set.of(DevnetAccounts.service().getAddress().toLowerCase(),
                DevnetAccounts.secondSubmitter().getAddress().toLowerCase()), senders, "chunks sent by both keys");
        assertTrue(chunksPerManifest.values().stream().anyMatch(n -> n >= 3),
                "a manifest executed in three or more chunks: " + chunksPerManifest);

        // A receipt, checked against L1 alone by common tools; and a tampered one fails the check.
        String hash = withdrawals.get(5).transaction().hashHex();
        String receipt = given().get("/api/withdrawals/" + hash + "/receipt").then().statusCode(200).extract().asString();
        JsonPath r = JsonPath.from(receipt);
        assertEquals(List.of("PROVE", "FINALIZE"), r.getList("steps.action"));
        assertEquals(hash, r.getString("steps[1].manifest.leaf[1]"));
        String rpc = devnet.serviceConfig().get("opwb.chain.l1.rpc-url");
        ReceiptVerifier.Result verified = ReceiptVerifier.verify(receipt, rpc);
        assertTrue(verified.verified(), verified.output());
        assertTrue(verified.output().contains("leads to the root"), verified.output());
        assertTrue(verified.output().contains("recovers to the signer"), verified.output());

        String otherLeaf = receipt.replaceFirst("\"leaf\":\\[\"(\\d+)\"", "\"leaf\":[\"" + 999 + "\"");
        ReceiptVerifier.Result tampered = ReceiptVerifier.verify(otherLeaf, rpc);
        assertEquals(1, tampered.exitCode(), "a receipt with another leaf index must not verify: " + tampered.output());
        assertTrue(tampered.output().contains("FAIL"), tampered.output());

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("opwb_manifests_total{") && l.contains("event=\"signed\"")
                && l.contains("kind=\"FINALIZE\"")), "manifests signed are counted");
        for (String key : senders) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("opwb_submitter_key_balance_wei{")
                    && l.toLowerCase().contains(key)), "the balance of submitter key " + key + " is exported");
        }
        String ready = given().get("/q/health/ready").then().extract().asString().toLowerCase();
        for (String key : senders) {
            assertTrue(ready.contains("balancewei." + key), "readiness lists the balance of " + key + ": " + ready);
        }
        assertEquals("UP", given().get("/q/health/ready").then().extract().jsonPath()
                .getString("checks.find { it.name == 'manifest-signer' }.status"), "the remote signer holds the key: " + ready);

        given().get("/api/withdrawals/0x" + "ab".repeat(32) + "/receipt").then().statusCode(404);
        given().get("/api/withdrawals/nothex/receipt").then().statusCode(400);
    }

    private static BigInteger balance(Devnet devnet, String address) throws Exception {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private static BigInteger balanceOrThrow(Devnet devnet, String address) {
        try {
            return balance(devnet, address);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
