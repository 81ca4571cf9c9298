package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitReason;
import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.opwb.chain.RevertReasons;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.StandInAnchorStateRegistry;
import io.opwb.chain.contracts.StandInETHLockbox;
import io.opwb.chain.contracts.SuperchainConfig;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.DevnetSigner;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.testing.AsrEraDevnetTestResource;
import io.opwb.testing.ChainViews;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the AnchorStateRegistry and the pauses of the ASR era do to withdrawals in flight, on the
 * STAND-IN flavour (our stand-ins for OptimismPortal2 5.6.1, the ASR 3.9.0 and the ETHLockbox):
 * a game blacklisted through the registry and a retirement void our proofs, and they are proven again
 * against a newer game; a system pause and an ETHLockbox pause hold submission with a reason and use
 * no attempt, and nothing is proven twice. Each time the API's statuses and reasons are checked, and
 * at the end the chain's own views agree with them.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(AsrEraDevnetTestResource.class)
class AsrEraRegistryScenariosTest {

    private static final BigInteger VALUE = new BigInteger("10000000000000000");

    @Inject
    Tx tx;

    @Test
    void aGameBlacklistedThroughTheRegistryVoidsOurProofsAndTheyAreProvenAgain() throws Exception {
        Devnet devnet = AsrEraDevnetTestResource.asrEraDevnet();
        List<InitiatedWithdrawal> ws = initiate(devnet, 0xb1a0, 3);
        awaitStatus(ws, "PROVEN_MATURING", Duration.ofMinutes(3));
        String game = ourGame(devnet, ws.get(0));

        guardian(devnet).send(devnet.deployment().asrEra().anchorStateRegistry(),
                asr(devnet).blacklistDisputeGame(game).encodeFunctionCall(), BigInteger.ZERO);
        List<InitiatedWithdrawal> againstIt = ws.stream().filter(w -> game.equalsIgnoreCase(ourGame(devnet, w))).toList();
        awaitReason(againstIt, "NEEDS_REPROVE", "blacklisted", Duration.ofMinutes(1));
        moveL2(devnet, 0xb1af); // a newer block for the proposer: a valid game to prove against

        awaitStatus(ws, "FINALIZED", Duration.ofMinutes(3));
        for (InitiatedWithdrawal w : ws) {
            assertTrue(portal(devnet).finalizedWithdrawals(w.transaction().hash()).send(), "finalized: " + w);
            assertNotEquals(game.toLowerCase(), ourGame(devnet, w).toLowerCase(), "proven again, against another game");
        }
        ChainViews.assertStatusesAgree(devnet, ws);
    }

    @Test
    void aRetirementVoidsOurProofsAndTheyAreProvenAgainstAGameMadeAfterIt() throws Exception {
        Devnet devnet = AsrEraDevnetTestResource.asrEraDevnet();
        List<InitiatedWithdrawal> ws = initiate(devnet, 0x2e70, 3);
        awaitStatus(ws, "PROVEN_MATURING", Duration.ofMinutes(3));

        String registryAddress = devnet.deployment().asrEra().anchorStateRegistry();
        guardian(devnet).send(registryAddress, asr(devnet).updateRetirementTimestamp().encodeFunctionCall(), BigInteger.ZERO);
        BigInteger retiredAt = asr(devnet).retirementTimestamp().send();
        awaitReason(ws, "NEEDS_REPROVE", "retired", Duration.ofMinutes(1));
        moveL2(devnet, 0x2e7f);

        awaitStatus(ws, "FINALIZED", Duration.ofMinutes(3));
        for (InitiatedWithdrawal w : ws) {
            assertTrue(portal(devnet).finalizedWithdrawals(w.transaction().hash()).send(), "finalized: " + w);
            BigInteger createdAt = devnet.portalReader().provenWithdrawals(w.transaction().hash(),
                    devnet.deployment().withdrawalBatcher()).send().component2();
            assertTrue(createdAt.compareTo(retiredAt) > 0, "proven again after the retirement: " + w);
            assertFalse(asr(devnet).isGameRetired(ourGame(devnet, w)).send(), "against a game made after it: " + w);
        }
        ChainViews.assertStatusesAgree(devnet, ws);
    }

    /**
     * The guardian pauses the system while our proofs mature: the registry holds every game improper,
     * so the portal's checkWithdrawal refuses; the withdrawals stay PROVEN_MATURING with the pause as
     * their reason, submission is held, and once unpaused they are finalized with the same proofs.
     */
    @Test
    void aSystemPauseHoldsMaturedWithdrawalsWithAReasonAndUsesNoAttempt() throws Exception {
        Devnet devnet = AsrEraDevnetTestResource.asrEraDevnet();
        List<InitiatedWithdrawal> ws = initiate(devnet, 0x5a05, 2);
        awaitStatus(ws, "PROVEN_MATURING", Duration.ofMinutes(3));
        List<String> games = ws.stream().map(w -> ourGame(devnet, w)).toList();
        DevnetSigner guardian = guardian(devnet);
        String superchainConfigAddress = devnet.deployment().superchainConfig();
        var superchainConfig = SuperchainConfig.load(superchainConfigAddress, devnet.l1(), guardian.transactionManager(),
                guardian.deployGasProvider());
        guardian.send(superchainConfigAddress, superchainConfig.pause("test").encodeFunctionCall(), BigInteger.ZERO);
        try {
            awaitReason(ws, "PROVEN_MATURING", "paused", Duration.ofMinutes(2));
            String held = given().get("/api/chains").then().statusCode(200).extract().jsonPath().getString("[0].submissionHeld");
            assertTrue(held != null && held.contains("is paused"), "held: " + held);
            for (InitiatedWithdrawal w : ws) {
                String refusal = ChainViews.checkWithdrawal(devnet, w, devnet.deployment().withdrawalBatcher());
                assertEquals(RevertReasons.selectorOf("OptimismPortal_InvalidRootClaim()"), RevertReasons.selector(refusal),
                        "the portal refuses while paused: " + w);
                assertFalse(asr(devnet).isGameProper(ourGame(devnet, w)).send(), "improper while paused");
            }
        } finally {
            guardian.send(superchainConfigAddress, superchainConfig.unpause().encodeFunctionCall(), BigInteger.ZERO);
        }
        awaitStatus(ws, "FINALIZED", Duration.ofMinutes(2));
        assertFinalizedWithTheSameProofsAndNoAttemptUsed(devnet, ws, games);
    }

    /**
     * The lockbox alone is paused (the portal is not): the portal's checkWithdrawal passes, so the
     * withdrawals are READY_TO_FINALIZE, but nothing is sent while the lockbox cannot pay; submission
     * is held with the lockbox as the reason, and once unpaused they are finalized, paid from it.
     */
    @Test
    void anEthLockboxPauseHoldsFinalizationAndUsesNoAttempt() throws Exception {
        Devnet devnet = AsrEraDevnetTestResource.asrEraDevnet();
        String lockboxAddress = devnet.deployment().asrEra().ethLockbox();
        DevnetSigner guardian = guardian(devnet);
        var lockbox = StandInETHLockbox.load(lockboxAddress, devnet.l1(), guardian.transactionManager(),
                guardian.deployGasProvider());
        List<InitiatedWithdrawal> ws = initiate(devnet, 0x10cb, 2);
        awaitStatus(ws, "PROVEN_MATURING", Duration.ofMinutes(3));
        List<String> games = ws.stream().map(w -> ourGame(devnet, w)).toList();
        BigInteger lockboxBefore = devnet.l1().ethGetBalance(lockboxAddress, DefaultBlockParameterName.LATEST).send()
                .getBalance();
        guardian.send(lockboxAddress, lockbox.pause().encodeFunctionCall(), BigInteger.ZERO);
        try {
            awaitStatus(ws, "READY_TO_FINALIZE", Duration.ofMinutes(2));
            Instant until = Instant.now().plusSeconds(10); // several cycles and batch windows
            String held = null;
            while (Instant.now().isBefore(until)) {
                held = given().get("/api/chains").then().statusCode(200).extract().jsonPath().getString("[0].submissionHeld");
                Thread.sleep(1000);
            }
            assertTrue(held != null && held.contains("lockbox"), "held: " + held);
            String readiness = given().get("/q/health/ready").then().extract().asString();
            assertTrue(readiness.contains("lockbox"), readiness);
            for (InitiatedWithdrawal w : ws) {
                var view = given().get("/api/withdrawals/" + w.transaction().hashHex()).then().extract().jsonPath();
                assertEquals("READY_TO_FINALIZE", view.getString("status"), "nothing sent while the lockbox is paused");
                assertNull(view.get("finalizeBatchId"));
                assertFalse(portal(devnet).finalizedWithdrawals(w.transaction().hash()).send());
            }
        } finally {
            guardian.send(lockboxAddress, lockbox.unpause().encodeFunctionCall(), BigInteger.ZERO);
        }
        awaitStatus(ws, "FINALIZED", Duration.ofMinutes(2));
        assertFinalizedWithTheSameProofsAndNoAttemptUsed(devnet, ws, games);
        assertEquals(lockboxBefore.subtract(VALUE.multiply(BigInteger.valueOf(ws.size()))),
                devnet.l1().ethGetBalance(lockboxAddress, DefaultBlockParameterName.LATEST).send().getBalance(),
                "paid from the lockbox once unpaused");
        assertNull(given().get("/api/chains").then().extract().jsonPath().getString("[0].submissionHeld"));
    }

    private void assertFinalizedWithTheSameProofsAndNoAttemptUsed(Devnet devnet, List<InitiatedWithdrawal> ws,
            List<String> games) throws Exception {
        for (int i = 0; i < ws.size(); i++) {
            InitiatedWithdrawal w = ws.get(i);
            assertTrue(portal(devnet).finalizedWithdrawals(w.transaction().hash()).send(), "finalized: " + w);
            assertEquals(games.get(i).toLowerCase(), ourGame(devnet, w).toLowerCase(), "not proven again: " + w);
            WithdrawalEntity row = tx.read(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class,
                    TestWithdrawals.key(w.transaction().hash()))));
            assertEquals(List.of(0, 0), List.of(row.proveFailures, row.finalizeFailures), "no attempt used: " + w);
        }
        ChainViews.assertStatusesAgree(devnet, ws);
    }

    private static List<InitiatedWithdrawal> initiate(Devnet devnet, long firstTarget, int n) throws Exception {
        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(WithdrawalRequest.eth(String.format("0x%040x", firstTarget + i), VALUE));
        }
        return devnet.traffic().initiateInOneBlock(requests);
    }

    private static void moveL2(Devnet devnet, long target) throws Exception {
        devnet.traffic().initiate(WithdrawalRequest.eth(String.format("0x%040x", target), VALUE));
    }

    /** The game of our batcher's proof of this withdrawal, on the portal. */
    private static String ourGame(Devnet devnet, InitiatedWithdrawal w) {
        try {
            return portal(devnet).provenWithdrawals(w.transaction().hash(), devnet.deployment().withdrawalBatcher()).send()
                    .component1();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OptimismPortal2 portal(Devnet devnet) {
        return devnet.portalReader();
    }

    private static DevnetSigner guardian(Devnet devnet) {
        return new DevnetSigner(devnet.l1(), DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID);
    }

    private static StandInAnchorStateRegistry asr(Devnet devnet) {
        DevnetSigner guardian = guardian(devnet);
        return StandInAnchorStateRegistry.load(devnet.deployment().asrEra().anchorStateRegistry(), devnet.l1(),
                guardian.transactionManager(), guardian.deployGasProvider());
    }
}
