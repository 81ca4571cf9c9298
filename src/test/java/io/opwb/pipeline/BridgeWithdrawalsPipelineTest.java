package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.DevnetERC20;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.devnet.BridgeDeployment;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.DevnetSigner;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.testing.PipelineDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Withdrawals as users make them, through the service's batches on the devnet: ETH and a token
 * through the standard bridge, credited on L1; a messenger message whose L1 call fails, finalized
 * anyway (the messenger keeps it replayable), shown as such by the API, and replayed afterwards.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(PipelineDevnetTestResource.class)
class BridgeWithdrawalsPipelineTest {

    private static final String REVERTING_CODE = "0x60006000fd";

    @jakarta.inject.Inject
    io.opwb.storage.TokenMetadataStore tokens;

    @Test
    void bridgeTransfersAndAFailingMessageAreFinalizedAndDecoded() throws Exception {
        Devnet devnet = PipelineDevnetTestResource.devnet();
        BridgeDeployment b = devnet.bridgeTraffic().bridges();
        devnet.bridgeTraffic().fundToken(BigInteger.TEN.pow(20));
        String ethTo = "0x00000000000000000000000000000000000f7401";
        String tokenTo = "0x00000000000000000000000000000000000f7402";
        String failingTarget = "0x00000000000000000000000000000000000f7403";
        devnet.l1Rpc().setCode(failingTarget, REVERTING_CODE);
        BigInteger eth = new BigInteger("120000000000000000");
        BigInteger amount = new BigInteger("7000000000000000000");
        BigInteger messageValue = new BigInteger("10000000000000000");
        InitiatedWithdrawal ethWithdrawal = devnet.bridgeTraffic().withdrawEth(ethTo, eth);
        InitiatedWithdrawal tokenWithdrawal = devnet.bridgeTraffic().withdrawToken(tokenTo, amount);
        InitiatedWithdrawal failing = devnet.bridgeTraffic().sendMessage(failingTarget, new byte[] {4, 2}, messageValue);
        // Tokens a stranger could bridge, read by the worker while the withdrawals go through.
        List<String> hostile = registerHostileTokens(devnet);

        awaitStatus(List.of(ethWithdrawal, tokenWithdrawal, failing), "FINALIZED", Duration.ofMinutes(4));

        // Credited on L1.
        assertEquals(eth, devnet.l1().ethGetBalance(ethTo, DefaultBlockParameterName.LATEST).send().getBalance());
        var l1Token = DevnetERC20.load(b.l1Token(), devnet.l1(), new ReadonlyTransactionManager(devnet.l1(), b.l1Token()),
                new DefaultGasProvider());
        assertEquals(amount, l1Token.balanceOf(tokenTo).send(), "token released from the L1 bridge");

        // Decoded by the API.
        JsonPath ethView = withdrawal(ethWithdrawal);
        assertEquals("ETH_TRANSFER", ethView.getString("kind"));
        assertEquals("ETH", ethView.getString("transfer.asset"));
        assertEquals(ethTo, ethView.getString("transfer.to"));
        assertEquals(devnet.bridgeTraffic().sender().toLowerCase(), ethView.getString("transfer.from"));
        assertEquals(eth.toString(), ethView.getString("transfer.amount"));
        assertEquals("RELAYED", ethView.getString("message.relay"));
        JsonPath tokenView = withdrawal(tokenWithdrawal);
        assertEquals("TOKEN_TRANSFER", tokenView.getString("kind"));
        assertEquals(b.l1Token().toLowerCase(), tokenView.getString("transfer.l1Token"));
        assertEquals(b.l2Token().toLowerCase(), tokenView.getString("transfer.l2Token"));
        assertEquals(amount.toString(), tokenView.getString("transfer.amount"));
        assertEquals(tokenTo, tokenView.getString("transfer.to"));

        // Plain amounts: ETH as ETH; the token's symbol and decimals, read once from its L1 contract by the worker.
        assertEquals("ETH", ethView.getString("transfer.symbol"));
        assertEquals(18, ethView.getInt("transfer.decimals"));
        tokenView = await(tokenWithdrawal, v -> v.getString("transfer.symbol") != null);
        assertEquals("DVT", tokenView.getString("transfer.symbol"));
        assertEquals(18, tokenView.getInt("transfer.decimals"));
        for (String token : hostile) {
            var row = tokens.find(DevnetOptions.L2_CHAIN_ID, Numeric.hexStringToByteArray(token)).await().indefinitely();
            assertEquals("NO_ANSWER", row.state(), token + ": " + row);
            assertNull(row.symbol());
        }

        // The progress line of a finalized withdrawal: every step done, with its L1 transactions.
        assertEquals(List.of("DONE", "DONE", "DONE", "DONE"), tokenView.getList("progress.steps.state"));
        assertNull(tokenView.get("progress.waitingFor"));
        assertEquals(tokenWithdrawal.transaction().hashHex(), tokenView.getString("withdrawalHash"));
        assertEquals(tokenView.getString("l2TxHash"), tokenView.getString("progress.steps[0].txHash"));
        assertEquals("L2", tokenView.getString("progress.steps[0].chainLayer"));
        assertNotNull(tokenView.get("progress.steps[0].at"), "initiated: the L2 block's time, as anvil's log gives it");
        assertEquals(tokenView.getString("finalization.l1TxHash"), tokenView.getString("progress.steps[3].txHash"));
        assertEquals(tokenView.getLong("finalization.l1BlockNumber"), tokenView.getLong("progress.steps[3].block"));
        assertTrue(tokenView.get("progress.steps[1].at") != null && tokenView.get("progress.steps[1].txHash") != null,
                "proven: when and by which transaction");
        assertTrue(tokenView.get("progress.steps[3].at") != null, "finalized: when we saw it");

        // Look-up by address: the L1 recipient of the transfer, and the L2 sender of all three.
        assertEquals(List.of(tokenWithdrawal.transaction().hashHex()), given().get("/api/addresses/" + tokenTo + "/withdrawals")
                .then().statusCode(200).extract().jsonPath().getList("items.withdrawalHash"));
        List<String> sent = given().queryParam("size", 500).get("/api/addresses/" + devnet.bridgeTraffic().sender()
                + "/withdrawals").then().statusCode(200).extract().jsonPath().getList("items.withdrawalHash");
        assertTrue(sent.containsAll(List.of(ethWithdrawal.transaction().hashHex(), tokenWithdrawal.transaction().hashHex(),
                failing.transaction().hashHex())), sent.toString());

        // The failing message: finalized (not skipped, as a direct call would be), recorded as failed, replayable.
        JsonPath failingView = withdrawal(failing);
        assertEquals("MESSAGE", failingView.getString("kind"));
        assertNull(failingView.get("transfer"));
        assertEquals(failingTarget, failingView.getString("message.target"));
        assertEquals("FAILED", failingView.getString("message.relay"));
        assertTrue(failingView.getBoolean("message.replayable"));
        assertTrue(failingView.getString("reason").contains("anyone can replay it"), failingView.getString("reason"));
        var messenger = L1CrossDomainMessenger.load(b.l1CrossDomainMessenger(), devnet.l1(),
                new ReadonlyTransactionManager(devnet.l1(), b.l1CrossDomainMessenger()), new DefaultGasProvider());
        byte[] messageHash = Hash.sha3(failing.transaction().data());
        assertEquals(failingView.getString("message.hash"), Numeric.toHexString(messageHash));
        assertTrue(messenger.failedMessages(messageHash).send());
        assertFalse(messenger.successfulMessages(messageHash).send());

        devnet.l1Rpc().setCode(failingTarget, "0x00");
        DevnetSigner anyone = new DevnetSigner(devnet.l1(), DevnetAccounts.otherRelayer(), DevnetOptions.L1_CHAIN_ID);
        anyone.awaitReceipt(anyone.submitWithoutWaiting(b.l1CrossDomainMessenger(),
                Numeric.toHexString(failing.transaction().data()), BigInteger.ZERO, BigInteger.valueOf(1_000_000)));
        assertTrue(messenger.successfulMessages(messageHash).send(), "replayed by anyone");
        // The service indexes the messenger's events: the replay shows, though we did not make it.
        java.time.Instant until = java.time.Instant.now().plusSeconds(30);
        while (!"RELAYED".equals(withdrawal(failing).getString("message.relay")) && java.time.Instant.now().isBefore(until)) {
            Thread.sleep(500);
        }
        JsonPath replayed = withdrawal(failing);
        assertEquals("RELAYED", replayed.getString("message.relay"), "the replay by someone else is seen");
        assertFalse(replayed.getBoolean("message.replayable"));
        assertEquals(messageValue, devnet.l1().ethGetBalance(failingTarget, DefaultBlockParameterName.LATEST).send()
                .getBalance(), "the message's value reached its target on replay");
    }

    /**
     * Three DevnetOddTokens (a 10 KB symbol, decimals of 256, answers that do not decode), a target that reverts
     * with malformed data, and an address without code, registered as the indexer registers a token; the
     * worker must record each as not answering, and wait for none of them to say so.
     */
    private List<String> registerHostileTokens(Devnet devnet) throws Exception {
        DevnetSigner stranger = new DevnetSigner(devnet.l1(), DevnetAccounts.otherRelayer(), DevnetOptions.L1_CHAIN_ID);
        List<String> hostile = new java.util.ArrayList<>();
        for (int mode = 0; mode < 3; mode++) {
            hostile.add(io.opwb.chain.contracts.DevnetOddToken.deploy(devnet.l1(), stranger.transactionManager(),
                    stranger.deployGasProvider(), BigInteger.valueOf(mode)).send().getContractAddress());
        }
        hostile.add(io.opwb.chain.contracts.DevnetHostileTarget.deploy(devnet.l1(), stranger.transactionManager(),
                stranger.deployGasProvider(), BigInteger.ZERO, BigInteger.valueOf(100_000), stranger.address(),
                stranger.address()).send().getContractAddress()); // mode 0: reverts with malformed data
        hostile.add("0x00000000000000000000000000000000000f7405");
        for (String token : hostile) {
            tokens.register(DevnetOptions.L2_CHAIN_ID, Numeric.hexStringToByteArray(token)).await().indefinitely();
        }
        return hostile;
    }

    private static JsonPath await(InitiatedWithdrawal w, java.util.function.Predicate<JsonPath> until) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        JsonPath view = withdrawal(w);
        while (!until.test(view) && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            view = withdrawal(w);
        }
        return view;
    }

    private static JsonPath withdrawal(InitiatedWithdrawal w) {
        return given().get("/api/withdrawals/" + w.transaction().hashHex()).then().statusCode(200).extract().jsonPath();
    }
}
