package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static JsonPath withdrawal(InitiatedWithdrawal w) {
        return given().get("/api/withdrawals/" + w.transaction().hashHex()).then().statusCode(200).extract().jsonPath();
    }
}
