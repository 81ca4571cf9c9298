package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.OptimismPortal;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.OutputProposer;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.proof.StorageProofs;
import io.opwb.testing.OutputOracleDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A chain that still runs the legacy OptimismPortal with an L2OutputOracle: the service finds out
 * from the chain, proves its withdrawals in batches against output proposals and finalizes them
 * (one of them with the proof its sender made). When the challenger deletes the output they were
 * proven against, the API says they need a new proof; once the same output is proposed again the
 * old proofs count again, nothing is proven twice, and all are finalized. Asserted on the chain.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(OutputOracleDevnetTestResource.class)
class OutputOraclePipelineTest {

    @Test
    void withdrawalsAreProvenAndFinalizedThroughTheLegacyPortalAndSurviveADeletedOutput() throws Exception {
        Devnet devnet = OutputOracleDevnetTestResource.devnet();
        OutputProposer proposer = devnet.outputProposer();
        JsonPath ready = given().get("/q/health/ready").then().extract().jsonPath();
        assertEquals(List.of("UP"), ready.getList("checks.findAll { it.name == 'portal' }.status"));
        assertTrue(ready.getString("checks.find { it.name == 'portal' }.data.l2").contains("L2OutputOracle"));

        // 1. One withdrawal proven by its own sender, straight on the portal, against an output.
        SplittableRandom random = new SplittableRandom(1889);
        InitiatedWithdrawal senderProven = devnet.traffic().initiate(
                WithdrawalRequest.eth(freshAddress(random), new BigInteger("250000000000000000")));
        OutputProposer.ProposedOutput first = last(proposer.proposeLatest());
        proveAsSender(devnet, senderProven, first);

        // 2. Traffic after that output, and an ETH transfer through the standard bridge; one output covers them.
        List<InitiatedWithdrawal> batch = new ArrayList<>();
        for (int block = 0; block < 3; block++) {
            batch.addAll(devnet.traffic().initiateInOneBlock(TrafficGenerator.randomRequests(10, random)));
        }
        String bridgeRecipient = freshAddress(random);
        BigInteger bridged = new BigInteger("40000000000000000");
        batch.add(devnet.bridgeTraffic().withdrawEth(bridgeRecipient, bridged));
        OutputProposer.ProposedOutput covering = last(proposer.proposeLatest());
        assertTrue(covering.index().compareTo(first.index()) > 0);
        Map<String, BigInteger> before = new HashMap<>();
        for (InitiatedWithdrawal w : batch) {
            before.put(w.transaction().target(), balance(devnet, w.transaction().target()));
        }

        // 3. The service proves them in batches against that output.
        awaitStatus(batch, "PROVEN_MATURING", Duration.ofSeconds(40));
        JsonPath provenOne = withdrawal(batch.get(0).transaction().hashHex());
        assertNotNull(provenOne.get("proveBatchId"));
        assertEquals(covering.outputRoot().rootHex(), provenOne.getString("proofs[0].disputeGame"),
                "the proof names the output root it was made against");
        assertEquals(devnet.deployment().withdrawalBatcher().toLowerCase(), provenOne.getString("proofSubmitter"));

        // 4. The challenger deletes that output: those proofs can no longer finalize, and the API says so.
        proposer.deleteOutputsFrom(covering.index());
        awaitStatus(batch, "NEEDS_REPROVE", Duration.ofSeconds(20));
        String reason = withdrawal(batch.get(1).transaction().hashHex()).getString("reason");
        assertTrue(reason.contains("can no longer finalize"), reason);

        // 5. The same blocks proposed again: same roots, so the portal takes the old proofs again.
        List<OutputProposer.ProposedOutput> again = proposer.proposeLatest();
        assertEquals(covering.outputRoot().rootHex(), again.get(again.size() - 1).outputRoot().rootHex());
        List<InitiatedWithdrawal> all = new ArrayList<>(batch);
        all.add(senderProven);
        awaitStatus(all, "FINALIZED", Duration.ofMinutes(4));

        // The chain's own state: finalized, targets paid once, the bridge recipient credited.
        OptimismPortal2 portal = devnet.portalReader();
        for (InitiatedWithdrawal w : all) {
            WithdrawalTransaction tx = w.transaction();
            assertTrue(portal.finalizedWithdrawals(tx.hash()).send(), "finalized on L1: " + tx.hashHex());
            assertNotNull(withdrawal(tx.hashHex()).getString("finalizeTxHash"), "finalized by our batch");
        }
        for (InitiatedWithdrawal w : batch.subList(0, batch.size() - 1)) {
            WithdrawalTransaction tx = w.transaction();
            assertEquals(before.get(tx.target()).add(tx.value()), balance(devnet, tx.target()), "paid: " + tx.target());
        }
        assertEquals(bridged, balance(devnet, bridgeRecipient), "the bridged ETH reached its recipient");

        // Each proven exactly once (the deletion did not make us prove again), the sender's by the sender.
        for (InitiatedWithdrawal w : all) {
            assertEquals(1, proofEvents(devnet, w.transaction()), "proven once: " + w.transaction().hashHex());
        }
        JsonPath senderView = withdrawal(senderProven.transaction().hashHex());
        assertNull(senderView.get("proveBatchId"));
        assertEquals(DevnetAccounts.l2User().getAddress().toLowerCase(), senderView.getString("proofSubmitter"));
        var legacy = OptimismPortal.load(devnet.deployment().optimismPortal(), devnet.l1(),
                new org.web3j.tx.ReadonlyTransactionManager(devnet.l1(), devnet.deployment().optimismPortal()),
                new org.web3j.tx.gas.DefaultGasProvider());
        assertEquals(first.index(), legacy.provenWithdrawals(senderProven.transaction().hash()).send().component3());

        // Batched: one prove batch carried most of them.
        JsonPath batches = given().queryParam("size", 100).get("/api/batches").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = batches.getList("items");
        assertTrue(items.stream().anyMatch(b -> "PROVE".equals(b.get("kind"))
                && ((Number) b.get("itemCount")).intValue() >= 10), items.toString());
        assertTrue(items.stream().anyMatch(b -> "FINALIZE".equals(b.get("kind"))
                && ((Number) b.get("itemCount")).intValue() >= 10), items.toString());
    }

    private static OutputProposer.ProposedOutput last(List<OutputProposer.ProposedOutput> outputs) {
        assertTrue(!outputs.isEmpty(), "an output was proposed");
        return outputs.get(outputs.size() - 1);
    }

    /** The sender proves its own withdrawal on the legacy portal (same prove ABI as OptimismPortal2's). */
    private static void proveAsSender(Devnet devnet, InitiatedWithdrawal w, OutputProposer.ProposedOutput output)
            throws Exception {
        var tm = new RawTransactionManager(devnet.l1(), DevnetAccounts.l2User(), DevnetOptions.L1_CHAIN_ID,
                new PollingTransactionReceiptProcessor(devnet.l1(), 100, 300));
        var gas = new StaticEIP1559GasProvider(DevnetOptions.L1_CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(1_000_000));
        OptimismPortal2 portal = OptimismPortal2.load(devnet.deployment().optimismPortal(), devnet.l1(), tm, gas);
        WithdrawalTransaction tx = w.transaction();
        var proof = new StorageProofs(devnet.l2()).at(output.l2BlockNumber(), List.of(tx.storageSlot()));
        var receipt = portal.proveWithdrawalTransaction(tx.toPortalStruct(), output.index(),
                output.outputRoot().toProofStruct(), proof.forSlot(tx.storageSlot()).nodes()).send();
        assertTrue(receipt.isStatusOK());
    }

    private static long proofEvents(Devnet devnet, WithdrawalTransaction tx) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST,
                devnet.deployment().optimismPortal());
        filter.addSingleTopic(EventEncoder.encode(OptimismPortal.WITHDRAWALPROVEN_EVENT));
        filter.addSingleTopic(tx.hashHex());
        return devnet.l1().ethGetLogs(filter).send().getLogs().size();
    }

    private static BigInteger balance(Devnet devnet, String address) throws Exception {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private static String freshAddress(SplittableRandom random) {
        byte[] a = new byte[20];
        random.nextBytes(a);
        return org.web3j.crypto.Keys.toChecksumAddress(org.web3j.utils.Numeric.toHexString(a));
    }

    private static JsonPath withdrawal(String hash) {
        return given().get("/api/withdrawals/" + hash).then().statusCode(200).extract().jsonPath();
    }

}
