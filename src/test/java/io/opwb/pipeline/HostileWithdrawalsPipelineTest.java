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
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.opwb.chain.contracts.DevnetHostileTarget;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetSigner;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.testing.PipelineDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Strangers' withdrawals to L1 contracts they wrote ({@code DevnetHostileTarget}, one deployment per
 * behaviour), initiated in the same L2 block as ordinary withdrawals, through the service on the
 * devnet with the real portal. Whatever a target does, the ordinary withdrawals are finalized (on
 * the portal, paid), in the same transactions as the hostile ones that reach a batch; the service
 * keeps cycling with no stage failing; each hostile withdrawal's status and reason say what happened.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(PipelineDevnetTestResource.class)
class HostileWithdrawalsPipelineTest {

    /** DevnetHostileTarget.Mode, in its order (web3j's wrappers take enums as their ordinal). */
    enum Mode {
        MalformedRevert, ForgeEvents, BurnGasWhenGivenMore, BurnGasInOperatorsTransaction, RevertInOperatorsTransaction,
        RevertLikeAPausedPortal
    }

    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(100_000);
    private static final BigInteger VALUE = new BigInteger("30000000000000000");

    @Inject
    StageHealth health;

    @Inject
    io.opwb.storage.Tx tx;

    @Test
    void noHostileTargetHoldsUpTheOthersOrTheService() throws Exception {
        Devnet devnet = PipelineDevnetTestResource.devnet();
        String operator = DevnetAccounts.service().getAddress();
        String batcher = devnet.deployment().withdrawalBatcher();
        Map<Mode, String> targets = new java.util.EnumMap<>(Mode.class);
        DevnetSigner stranger = new DevnetSigner(devnet.l1(), DevnetAccounts.otherRelayer(), io.opwb.devnet.DevnetOptions.L1_CHAIN_ID);
        for (Mode mode : Mode.values()) {
            targets.put(mode, DevnetHostileTarget.deploy(devnet.l1(), stranger.transactionManager(), stranger.deployGasProvider(),
                    BigInteger.valueOf(mode.ordinal()), GAS_LIMIT, operator, batcher).send().getContractAddress());
        }
        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requests.add(WithdrawalRequest.eth(String.format("0x%040x", 0xa11ce0L + i), VALUE));
        }
        // a large withdrawal: 24 KB of calldata to a plain account
        byte[] large = new byte[24 * 1024];
        java.util.Arrays.fill(large, (byte) 0x5a);
        requests.add(new WithdrawalRequest("0x0000000000000000000000000000000000b16da7", VALUE, BigInteger.valueOf(1_000_000),
                large));
        for (Mode mode : Mode.values()) {
            requests.add(new WithdrawalRequest(targets.get(mode), VALUE, GAS_LIMIT, new byte[0]));
        }
        List<InitiatedWithdrawal> all = devnet.traffic().initiateInOneBlock(requests);
        List<InitiatedWithdrawal> ordinary = all.subList(0, 4);
        InitiatedWithdrawal malformed = all.get(4 + Mode.MalformedRevert.ordinal());
        InitiatedWithdrawal forger = all.get(4 + Mode.ForgeEvents.ordinal());
        InitiatedWithdrawal burnsWhenGivenMore = all.get(4 + Mode.BurnGasWhenGivenMore.ordinal());
        InitiatedWithdrawal burnsInOurBatch = all.get(4 + Mode.BurnGasInOperatorsTransaction.ordinal());
        InitiatedWithdrawal revertsInOurBatch = all.get(4 + Mode.RevertInOperatorsTransaction.ordinal());
        InitiatedWithdrawal pretendsPaused = all.get(4 + Mode.RevertLikeAPausedPortal.ordinal());
        // the forger names an ordinary withdrawal of its own batch in its forged events
        InitiatedWithdrawal victim = ordinary.get(0);
        stranger.send(targets.get(Mode.ForgeEvents), DevnetHostileTarget.load(
                targets.get(Mode.ForgeEvents), devnet.l1(), stranger.transactionManager(),
                stranger.deployGasProvider()).setVictim(victim.transaction().hash())
                .encodeFunctionCall(), BigInteger.ZERO);

        awaitStatus(ordinary, "FINALIZED", Duration.ofMinutes(4));
        awaitStatus(List.of(forger), "FINALIZED", Duration.ofMinutes(1));
        awaitStatus(List.of(burnsInOurBatch, revertsInOurBatch), "FINALIZED_FAILED_CALL", Duration.ofMinutes(1));
        awaitStatus(List.of(malformed, burnsWhenGivenMore, pretendsPaused), "SKIPPED", Duration.ofMinutes(1));

        // On the chain: every ordinary withdrawal finalized and paid, the victim included.
        for (InitiatedWithdrawal w : ordinary) {
            assertTrue(devnet.portalReader().finalizedWithdrawals(w.transaction().hash()).send(), "finalized: " + w);
            assertEquals(VALUE, devnet.l1().ethGetBalance(w.transaction().target(), DefaultBlockParameterName.LATEST)
                    .send().getBalance(), "paid: " + w);
        }
        assertEquals("FINALIZED", view(victim).getString("status"), "the forged events changed nothing for the victim");

        // The hostile ones that reached a batch shared their prove and finalize transactions with ordinary ones.
        Long finalizeBatch = view(ordinary.get(1)).getLong("finalizeBatchId");
        for (InitiatedWithdrawal w : List.of(forger, burnsInOurBatch, revertsInOurBatch, ordinary.get(3))) {
            assertEquals(finalizeBatch, view(w).getLong("finalizeBatchId"), "same finalize batch: " + w);
        }
        assertTrue(view(burnsInOurBatch).getString("reason").contains("the call to the target failed"));
        // The skipped ones never reached a batch, and say why.
        for (InitiatedWithdrawal w : List.of(malformed, burnsWhenGivenMore, pretendsPaused)) {
            JsonPath v = view(w);
            assertNull(v.get("proveBatchId"), "never sent: " + w);
            assertTrue(v.getString("reason").startsWith(AttemptRules.TARGET_FAILS), v.getString("reason"));
            assertTrue(!devnet.portalReader().finalizedWithdrawals(w.transaction().hash()).send());
        }
        assertTrue(view(malformed).getString("reason").contains("malformed Error(string)"), view(malformed).getString("reason"));
        assertTrue(view(burnsWhenGivenMore).getString("reason").contains("fails when given more"),
                view(burnsWhenGivenMore).getString("reason"));
        // A target that reverts with the portal's pause error is that target's failure: it held nothing.
        assertTrue(view(pretendsPaused).getString("reason").contains("CallPaused()"), view(pretendsPaused).getString("reason"));
        assertNull(given().get("/api/chains").then().statusCode(200).extract().jsonPath().getString("[0].submissionHeld"),
                "no submission hold");

        // The service keeps cycling: a few more cycles, and no stage of any chain is failing.
        Instant until = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(until)) {
            Thread.sleep(500);
        }
        assertTrue(health.states().stream().allMatch(s -> s.consecutiveFailures() == 0), "failing stages: " + health.states());
        assertNotNull(health.states().stream().filter(s -> s.stage().equals("finalize")).findFirst().orElse(null),
                "the finalize stage ran");
    }

    /**
     * The guardian pauses the system: the portal refuses proofs and finalizations. The service holds
     * the chain's submission (the reason in /api/chains and readiness), uses up no attempt of any
     * withdrawal, and once unpaused proves and finalizes everything.
     */
    @Test
    void aPausedPortalHoldsEverythingAndUsesNoAttempt() throws Exception {
        Devnet devnet = PipelineDevnetTestResource.devnet();
        DevnetSigner guardian = new DevnetSigner(devnet.l1(), DevnetAccounts.deployer(), io.opwb.devnet.DevnetOptions.L1_CHAIN_ID);
        var superchainConfig = io.opwb.chain.contracts.SuperchainConfig.load(devnet.deployment().superchainConfig(),
                devnet.l1(), guardian.transactionManager(), guardian.deployGasProvider());
        guardian.send(devnet.deployment().superchainConfig(), superchainConfig.pause("test").encodeFunctionCall(), BigInteger.ZERO);
        List<InitiatedWithdrawal> paused = devnet.traffic().initiateInOneBlock(List.of(
                WithdrawalRequest.eth("0x00000000000000000000000000000000000b0551", VALUE),
                WithdrawalRequest.eth("0x00000000000000000000000000000000000b0552", VALUE)));
        try {
            awaitStatus(paused, "READY_TO_PROVE", Duration.ofMinutes(2));
            Instant until = Instant.now().plusSeconds(12); // several cycles and batch windows
            String held = null;
            while (Instant.now().isBefore(until)) {
                held = given().get("/api/chains").then().statusCode(200).extract().jsonPath().getString("[0].submissionHeld");
                Thread.sleep(1000);
            }
            assertTrue(held != null && held.contains("is paused"), "held: " + held);
            String readiness = given().get("/q/health/ready").then().extract().asString();
            assertTrue(readiness.contains("is paused"), readiness);
            for (InitiatedWithdrawal w : paused) {
                assertEquals("READY_TO_PROVE", view(w).getString("status"));
                assertNull(view(w).get("proveBatchId"), "nothing sent while paused");
            }
        } finally {
            guardian.send(devnet.deployment().superchainConfig(), superchainConfig.unpause().encodeFunctionCall(),
                    BigInteger.ZERO);
        }
        awaitStatus(paused, "FINALIZED", Duration.ofMinutes(3));
        for (InitiatedWithdrawal w : paused) {
            assertTrue(devnet.portalReader().finalizedWithdrawals(w.transaction().hash()).send());
            var row = tx.read(() -> io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.find(
                    io.opwb.storage.WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(w.transaction().hash()))));
            assertEquals(List.of(0, 0), List.of(row.proveFailures, row.finalizeFailures), "no attempt used: " + w);
        }
        assertEquals(null, given().get("/api/chains").then().extract().jsonPath().getString("[0].submissionHeld"));
    }

    /**
     * A stranger creates a game claiming a made-up output root whose message-passer storage holds only
     * the victim's withdrawal, and proves the victim's withdrawal against it: the portal accepts the
     * proof. Our L2 node contradicts that root, so the service does not wait for that game: it proves
     * the withdrawal itself against a valid game and finalizes it with its own proof.
     */
    @Test
    void aWithdrawalProvenByAStrangerAgainstAMadeUpRootIsProvenAndFinalizedByUs() throws Exception {
        Devnet devnet = PipelineDevnetTestResource.devnet();
        String batcher = devnet.deployment().withdrawalBatcher();
        given().header("Authorization", "Bearer test-admin-token").post("/api/admin/submission/pause")
                .then().statusCode(200);
        InitiatedWithdrawal victim;
        try {
            victim = devnet.traffic().initiate(WithdrawalRequest.eth("0x00000000000000000000000000000000000b1c71", VALUE));
            var tx = victim.transaction();
            // a storage trie of one leaf: keccak(slot) -> 0x01, as the portal's inclusion proof checks it
            byte[] leaf = org.web3j.rlp.RlpEncoder.encode(new org.web3j.rlp.RlpList(
                    org.web3j.rlp.RlpString.create(concat(new byte[] {0x20}, org.web3j.crypto.Hash.sha3(tx.storageSlot()))),
                    org.web3j.rlp.RlpString.create(new byte[] {1})));
            var madeUp = new io.opwb.chain.OutputRoot(victim.l2BlockNumber(), new byte[32], org.web3j.crypto.Hash.sha3(leaf),
                    new byte[32]);
            var game = devnet.proposer().proposeClaiming(victim.l2BlockNumber(), madeUp);
            DevnetSigner stranger = new DevnetSigner(devnet.l1(), DevnetAccounts.otherRelayer(),
                    io.opwb.devnet.DevnetOptions.L1_CHAIN_ID);
            devnet.l1Rpc().mine(); // a proof in the game's creation second is refused
            stranger.send(devnet.deployment().optimismPortal(), devnet.portalReader().proveWithdrawalTransaction(
                    tx.toPortalStruct(), game.index(), madeUp.toProofStruct(), List.of(leaf)).encodeFunctionCall(),
                    BigInteger.ZERO);
            assertTrue(devnet.portalReader().provenWithdrawals(tx.hash(), DevnetAccounts.otherRelayer().getAddress())
                    .send().component2().signum() > 0, "the portal took the stranger's proof");
            // (the devnet's proposer makes an honest game for the same block)
            // the service sees the stranger's proof, and still wants to prove the withdrawal itself
            awaitStatus(List.of(victim), "READY_TO_PROVE", Duration.ofMinutes(1));
        } finally {
            given().header("Authorization", "Bearer test-admin-token").post("/api/admin/submission/resume")
                    .then().statusCode(200);
        }
        awaitStatus(List.of(victim), "FINALIZED", Duration.ofMinutes(3));
        var tx = victim.transaction();
        assertTrue(devnet.portalReader().finalizedWithdrawals(tx.hash()).send());
        assertEquals(VALUE, devnet.l1().ethGetBalance(tx.target(), DefaultBlockParameterName.LATEST).send().getBalance());
        assertTrue(devnet.portalReader().provenWithdrawals(tx.hash(), batcher).send().component2().signum() > 0,
                "proven by us too");
        assertEquals(batcher.toLowerCase(), view(victim).getString("proofSubmitter"), "finalized with our proof");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Games of kinds the service cannot use, created through the factory: a Base-like game that answers
     * only {@code l2SequenceNumber()} (no {@code l2BlockNumber()}) and a super-root game type. Each is
     * indexed with what it is, reported, never trusted, and the indexer keeps going (before, a game
     * without {@code l2BlockNumber()} failed every range that held it, for good): an ordinary
     * withdrawal initiated after them is finalized. (A game that answers nothing: {@code PortalKindTest}.)
     */
    @Test
    void gamesOfKindsTheServiceCannotUseAreReportedAndNeverStopTheIndexer() throws Exception {
        Devnet devnet = PipelineDevnetTestResource.devnet();
        DevnetSigner owner = new DevnetSigner(devnet.l1(), DevnetAccounts.deployer(), io.opwb.devnet.DevnetOptions.L1_CHAIN_ID);
        DevnetSigner stranger = new DevnetSigner(devnet.l1(), DevnetAccounts.otherRelayer(), io.opwb.devnet.DevnetOptions.L1_CHAIN_ID);
        var l1 = devnet.l1();
        String factory = devnet.deployment().disputeGameFactory();
        // the stand-in games record at creation whether their type was respected: they need a registry to ask
        String registry = io.opwb.chain.contracts.StandInAnchorStateRegistry.deploy(l1, owner.transactionManager(),
                owner.deployGasProvider(), BigInteger.ZERO).send().getContractAddress();
        var anchor = new io.opwb.chain.OutputRootReader(devnet.l2()).at(BigInteger.ZERO);
        owner.send(registry, io.opwb.chain.contracts.StandInAnchorStateRegistry.load(registry, l1, owner.transactionManager(),
                owner.deployGasProvider()).initialize(devnet.deployment().superchainConfig(), factory,
                        new io.opwb.chain.contracts.StandInAnchorStateRegistry.StandInProposal(anchor.root(), BigInteger.ZERO),
                        BigInteger.ONE).encodeFunctionCall(), BigInteger.ZERO);
        BigInteger sequenceType = BigInteger.valueOf(621);
        BigInteger superType = BigInteger.valueOf(9);
        Map<BigInteger, String> implementations = Map.of(
                sequenceType, io.opwb.chain.contracts.StandInSequenceDisputeGame.deploy(l1, owner.transactionManager(),
                        owner.deployGasProvider(), sequenceType, BigInteger.valueOf(3600), registry).send().getContractAddress(),
                superType, io.opwb.chain.contracts.StandInSequenceDisputeGame.deploy(l1, owner.transactionManager(),
                        owner.deployGasProvider(), superType, BigInteger.valueOf(3600), registry).send().getContractAddress());
        var factoryCalls = io.opwb.chain.contracts.DisputeGameFactory.load(factory, l1, owner.transactionManager(),
                owner.deployGasProvider());
        implementations.forEach((type, impl) -> owner.send(factory, factoryCalls.setImplementation(type, impl)
                .encodeFunctionCall(), BigInteger.ZERO));
        long l2Block = devnet.l2().ethBlockNumber().send().getBlockNumber().longValueExact() - 1;
        byte[] root = new io.opwb.chain.OutputRootReader(devnet.l2()).at(BigInteger.valueOf(l2Block)).root();
        byte[] extraData = org.web3j.utils.Numeric.toBytesPadded(BigInteger.valueOf(l2Block), 32);
        Map<BigInteger, String> games = new java.util.HashMap<>();
        for (BigInteger type : List.of(sequenceType, superType)) {
            var receipt = stranger.send(factory, factoryCalls.create(type, root, extraData, BigInteger.ZERO).encodeFunctionCall(),
                    BigInteger.ZERO);
            games.put(type, io.opwb.chain.contracts.DisputeGameFactory.getDisputeGameCreatedEvents(receipt).get(0).disputeProxy);
        }

        InitiatedWithdrawal after = devnet.traffic().initiate(WithdrawalRequest.eth("0x00000000000000000000000000000000000a91e5", VALUE));
        awaitStatus(List.of(after), "FINALIZED", Duration.ofMinutes(3));
        assertTrue(devnet.portalReader().finalizedWithdrawals(after.transaction().hash()).send());

        Map<String, io.opwb.storage.DisputeGameEntity> rows = new java.util.HashMap<>();
        for (var g : tx.read(() -> io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session
                .createSelectionQuery("from DisputeGameEntity where gameType in (621, 9)",
                        io.opwb.storage.DisputeGameEntity.class).getResultList()))) {
            rows.put(org.web3j.utils.Numeric.toHexString(g.address), g);
        }
        var sequence = rows.get(games.get(sequenceType).toLowerCase());
        assertNotNull(sequence, "indexed: " + rows.keySet());
        assertEquals(l2Block, sequence.l2BlockNumber, "its position read from l2SequenceNumber()");
        assertNull(sequence.unusableReason);
        var superRoot = rows.get(games.get(superType).toLowerCase());
        assertTrue(superRoot.unusableReason.contains(
                "a super-root game (type 9, SUPER_CANNON_KONA) while the portal proves against output roots"),
                superRoot.unusableReason);
        assertEquals(Boolean.FALSE, superRoot.rootVerified, "never trusted");
        assertTrue(health.states().stream().allMatch(s -> s.consecutiveFailures() == 0), "failing stages: " + health.states());
    }

    private static JsonPath view(InitiatedWithdrawal w) {
        return given().get("/api/withdrawals/" + w.transaction().hashHex()).then().statusCode(200).extract().jsonPath();
    }
}
