package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

import io.opwb.chain.SuperRoot.OutputRootWithChainId;
import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.chain.contracts.OpPortalViews;
import io.opwb.chain.contracts.StandInAnchorStateRegistry;
import io.opwb.chain.contracts.StandInFaultDisputeGame;
import io.opwb.chain.contracts.StandInOptimismPortal2;
import io.opwb.chain.contracts.StandInSuperDisputeGame;
import io.opwb.chain.contracts.SuperchainConfig;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.DevnetSigner;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;
import io.opwb.devnet.SuperRootMigration;
import io.opwb.devnet.SuperRootProposer;
import io.opwb.devnet.SuperRootProposer.ProposedSuperRoot;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.proof.StorageProofs;

/**
 * The stand-in portal's super-root proof method (interop spec: "proveWithdrawalTransaction (Super Roots)",
 * "migrateToSuperRoots") on the ASR era stand-in devnet: the portal migrated to super roots, a real L2 withdrawal
 * proven by an EOA against a single-chain super-root game made through the real factory, the refusals read from the
 * chain's revert data, and the withdrawal finalized after the clocks are warped. Calls go through the generated
 * {@code StandInOptimismPortal2} wrapper.
 */
class StandInSuperRootProofTest {

    static final BigInteger L2_CHAIN_ID = BigInteger.valueOf(DevnetOptions.L2_CHAIN_ID);
    static final BigInteger VALUE = Convert.toWei("0.25", Convert.Unit.ETHER).toBigInteger();
    static final DevnetClocks CLOCKS = DevnetClocks.mainnet();
    /** The proof method is checked before the game is asked anything. */
    static final String NO_GAME = "0x0000000000000000000000000000000000000000";

    static Devnet devnet;
    static Web3j l1;
    static DevnetSigner owner; // deployer: the portal's, the factory's owner, the guardian
    static DevnetSigner prover; // an EOA of no role
    static String portal;
    static StandInOptimismPortal2 portalView;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(DevnetOptions.asrEraOpMainnetLike());
        l1 = devnet.l1();
        owner = new DevnetSigner(l1, DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID);
        prover = new DevnetSigner(l1, DevnetAccounts.otherRelayer(), DevnetOptions.L1_CHAIN_ID);
        portal = devnet.deployment().optimismPortal();
        portalView = StandInOptimismPortal2.load(portal, l1, new ReadonlyTransactionManager(l1, owner.address()),
                new DefaultGasProvider());
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aWithdrawalProvenAgainstASuperRootGameFinalizes() throws Exception {
        InitiatedWithdrawal earlier = withdraw();

        // Before the migration: output roots only, and only the deployer migrates, to a new registry.
        assertFalse(portalView.superRootsActive().send());
        assertEquals(L2_CHAIN_ID, portalView.l2ChainId().send());
        String oldRegistry = portalView.anchorStateRegistry().send();
        String lockbox = portalView.ethLockbox().send();
        assertEquals(selector("OptimismPortal_WrongProofMethod()"), revertOfSend(prover, portalView
                .proveWithdrawalTransaction(tx(earlier), NO_GAME, BigInteger.ZERO,
                        superRootProof(SuperRoot.ofOneChain(1, L2_CHAIN_ID, new byte[32])), outputRootProof(earlier),
                        withdrawalProof(earlier)).encodeFunctionCall()));
        assertEquals(selector("OptimismPortal_Unauthorized()"), revertOfSend(prover,
                portalView.migrateToSuperRoots(lockbox, owner.address()).encodeFunctionCall()));
        assertEquals(selector("OptimismPortal_MigratingToSameRegistry()"), revertOfSend(owner,
                portalView.migrateToSuperRoots(lockbox, oldRegistry).encodeFunctionCall()));
        var superchainConfig = SuperchainConfig.load(portalView.superchainConfig().send(), l1,
                owner.transactionManager(), owner.deployGasProvider());
        superchainConfig.pause("stand-in test").send();
        assertEquals(selector("OptimismPortal_CallPaused()"), revertOfSend(owner,
                portalView.migrateToSuperRoots(lockbox, owner.address()).encodeFunctionCall()));
        superchainConfig.unpause().send();

        // A proof made the output-root way before the migration: the new registry does not know its game.
        Proposer.ProposedGame outputGame = devnet.proposer().propose(earlier.l2BlockNumber());
        devnet.warpL1(1);
        prover.send(portal, portalView.proveWithdrawalTransaction(tx(earlier), outputGame.index(),
                outputRootProof(earlier), withdrawalProof(earlier)).encodeFunctionCall(), BigInteger.ZERO);

        SuperRootMigration.Migrated migrated = SuperRootMigration.migrate(devnet);
        assertTrue(portalView.superRootsActive().send());
        assertEquals(migrated.anchorStateRegistry().toLowerCase(), portalView.anchorStateRegistry().send()
                .toLowerCase());
        assertEquals(lockbox.toLowerCase(), portalView.ethLockbox().send().toLowerCase(), "lockbox kept");
        var event = portalView.getPortalMigratedEvents(migrated.migration()).get(0);
        assertEquals(oldRegistry.toLowerCase(), event.oldAnchorStateRegistry.toLowerCase());
        assertEquals(migrated.anchorStateRegistry().toLowerCase(), event.newAnchorStateRegistry.toLowerCase());
        assertEquals(lockbox.toLowerCase(), event.newLockbox.toLowerCase());

        InitiatedWithdrawal w = withdraw();
        SuperRootProposer proposer = new SuperRootProposer(new DevnetSigner(l1, DevnetAccounts.proposer(),
                DevnetOptions.L1_CHAIN_ID), devnet.l2(), DevnetOptions.L2_CHAIN_ID, migrated.disputeGameFactory(),
                migrated.gameType());
        ProposedSuperRoot game = proposer.proposeLatest();
        assertEquals(w.l2BlockNumber(), game.l2BlockNumber(), "the withdrawal's block is the last one at the time");
        var gameView = StandInSuperDisputeGame.load(game.address(), l1, new ReadonlyTransactionManager(l1,
                owner.address()), new DefaultGasProvider());
        assertArrayEquals(game.superRoot().hash(), gameView.rootClaim().send());
        assertArrayEquals(game.outputRoot().root(), gameView.rootClaimByChainId(L2_CHAIN_ID).send());
        assertEquals(BigInteger.valueOf(game.superRoot().timestamp()), gameView.l2SequenceNumber().send());

        // A two-chain super root holding ours first and another chain's second, for the index refusals.
        SuperRoot twoChains = new SuperRoot(game.superRoot().timestamp(), List.of(
                new OutputRootWithChainId(L2_CHAIN_ID, game.outputRoot().root()),
                new OutputRootWithChainId(L2_CHAIN_ID.add(BigInteger.ONE), Hash.sha3("elsewhere".getBytes()))));
        String twoChainGame = createGame(migrated, twoChains);
        devnet.warpL1(1); // never prove in the games' own second

        // The refusals, each for its own reason.
        assertEquals(selector("OptimismPortal_WrongProofMethod()"), revertOfSend(prover, portalView
                .proveWithdrawalTransaction(tx(w), game.index(), outputRootProof(w),
                        withdrawalProof(w)).encodeFunctionCall()), "the output-root method is over");
        assertEquals(selector("OptimismPortal_InvalidOutputRootChainId()"),
                revertOfProve(w, twoChainGame, 1, twoChains));
        assertEquals(selector("OptimismPortal_InvalidOutputRootIndex()"), revertOfProve(w, twoChainGame, 2, twoChains));
        SuperRoot otherTime = SuperRoot.ofOneChain(game.superRoot().timestamp() + 1, L2_CHAIN_ID,
                game.outputRoot().root());
        assertEquals(selector("OptimismPortal_InvalidSuperRootProof()"),
                revertOfProve(w, game.address(), 0, otherTime), "a preimage of another super root");
        assertEquals(selector("OptimismPortal_InvalidSuperRootProof()"),
                revertOfProve(w, game.address(), 0, twoChains), "another game's preimage");
        assertEquals(selector("Encoding_InvalidSuperRootVersion()"), revertOfSend(prover, portalView
                .proveWithdrawalTransaction(tx(w), game.address(), BigInteger.ZERO, new StandInOptimismPortal2
                        .SuperRootProof(new byte[] {2}, BigInteger.valueOf(game.superRoot().timestamp()),
                                superRootProof(game.superRoot()).outputRoots), outputRootProof(w),
                        withdrawalProof(w)).encodeFunctionCall()));
        assertEquals(selector("OptimismPortal_InvalidOutputRootProof()"), revertOfSend(prover, portalView
                .proveWithdrawalTransaction(tx(w), game.address(), BigInteger.ZERO, superRootProof(game.superRoot()),
                        outputRootProof(earlier), withdrawalProof(w)).encodeFunctionCall()), "another block's output");

        // The proof.
        TransactionReceipt proof = prover.send(portal, proveCall(w, game.address(), 0, game.superRoot()),
                BigInteger.ZERO);
        byte[] hash = w.transaction().hash();
        var proven = portalView.provenWithdrawals(hash, prover.address()).send();
        assertEquals(game.address().toLowerCase(), proven.component1().toLowerCase());
        assertEquals(l1.ethGetBlockByHash(proof.getBlockHash(), false).send().getBlock().getTimestamp(),
                proven.component2());
        assertEquals(BigInteger.ONE, portalView.numProofSubmitters(hash).send());
        assertArrayEquals(hash, portalView.getWithdrawalProvenEvents(proof).get(0).withdrawalHash);
        assertEquals(prover.address().toLowerCase(), portalView.getWithdrawalProvenExtension1Events(proof).get(0)
                .proofSubmitter.toLowerCase());
        assertEquals(selector("OptimismPortal_ProofNotOldEnough()"), check(hash));

        // Maturity; the game's clock runs out meanwhile (3.5 days < 7 days); then the finality delay.
        devnet.warpL1(CLOCKS.proofMaturityDelay() + 1);
        assertEquals(selector("OptimismPortal_InvalidRootClaim()"), check(hash), "the game has not resolved");
        owner.send(game.address(), gameView.resolve().encodeFunctionCall(), BigInteger.ZERO);
        owner.send(outputGame.address(), StandInFaultDisputeGame.load(outputGame.address(), l1, owner
                .transactionManager(), owner.deployGasProvider()).resolve().encodeFunctionCall(), BigInteger.ZERO);
        assertEquals(BigInteger.TWO, gameView.status().send(), "DEFENDER_WINS");
        assertEquals(selector("OptimismPortal_InvalidRootClaim()"), check(hash), "the finality delay");
        devnet.warpL1(CLOCKS.disputeGameFinalityDelay() + 1);
        assertNull(check(hash));
        assertTrue(StandInAnchorStateRegistry.load(oldRegistry, l1, new ReadonlyTransactionManager(l1,
                owner.address()), new DefaultGasProvider()).isGameClaimValid(outputGame.address()).send());
        assertEquals(selector("OptimismPortal_InvalidRootClaim()"), check(earlier.transaction().hash()),
                "valid for the old registry, unknown to the new one");

        String target = w.transaction().target();
        BigInteger before = balance(target);
        prover.send(portal, portalView.finalizeWithdrawalTransaction(tx(w))
                .encodeFunctionCall(), BigInteger.ZERO);
        assertTrue(portalView.finalizedWithdrawals(hash).send());
        assertEquals(before.add(VALUE), balance(target));
        assertEquals(selector("OptimismPortal_AlreadyFinalized()"), check(hash));
    }

    // --- helpers ---

    static int targets;

    /** An ETH withdrawal on L2, in its own block, to a fresh target. */
    static InitiatedWithdrawal withdraw() throws Exception {
        String target = String.format("0x%040x", 0x5a1d0000 + (++targets));
        return devnet.traffic().initiate(WithdrawalRequest.eth(target, VALUE));
    }

    /** A super-root game of our own claim through the real factory (the devnet's init bond). */
    static String createGame(SuperRootMigration.Migrated migrated, SuperRoot superRoot) throws Exception {
        var factory = DisputeGameFactory.load(migrated.disputeGameFactory(), l1, new ReadonlyTransactionManager(l1,
                owner.address()), new DefaultGasProvider());
        BigInteger bond = factory.initBonds(migrated.gameType()).send();
        owner.send(factory.getContractAddress(), factory.create(migrated.gameType(), superRoot.hash(),
                SuperRootProposer.extraData(superRoot), bond).encodeFunctionCall(), bond);
        return factory.gameAtIndex(factory.gameCount().send().subtract(BigInteger.ONE)).send().component3();
    }

    static StandInOptimismPortal2.WithdrawalTransaction tx(InitiatedWithdrawal w) {
        WithdrawalTransaction tx = w.transaction();
        return new StandInOptimismPortal2.WithdrawalTransaction(tx.nonce(), tx.sender(), tx.target(), tx.value(),
                tx.gasLimit(), tx.data());
    }

    static String proveCall(InitiatedWithdrawal w, String game, int index, SuperRoot superRoot) throws Exception {
        return portalView.proveWithdrawalTransaction(tx(w), game, BigInteger.valueOf(index),
                superRootProof(superRoot), outputRootProof(w), withdrawalProof(w)).encodeFunctionCall();
    }

    static String revertOfProve(InitiatedWithdrawal w, String game, int index, SuperRoot superRoot) throws Exception {
        return revertOfSend(prover, proveCall(w, game, index, superRoot));
    }

    static StandInOptimismPortal2.SuperRootProof superRootProof(SuperRoot superRoot) {
        List<StandInOptimismPortal2.OutputRootWithChainId> roots = superRoot.outputRoots().stream()
                .map(r -> new StandInOptimismPortal2.OutputRootWithChainId(r.chainId(), r.root())).toList();
        return new StandInOptimismPortal2.SuperRootProof(new byte[] {SuperRoot.VERSION},
                BigInteger.valueOf(superRoot.timestamp()), roots);
    }

    static StandInOptimismPortal2.OutputRootProof outputRootProof(InitiatedWithdrawal w) throws Exception {
        OutputRoot root = new OutputRootReader(devnet.l2()).at(w.l2BlockNumber());
        return new StandInOptimismPortal2.OutputRootProof(new byte[32], root.stateRoot(),
                root.messagePasserStorageRoot(), root.blockHash());
    }

    static List<byte[]> withdrawalProof(InitiatedWithdrawal w) throws Exception {
        byte[] slot = w.transaction().storageSlot();
        return new StorageProofs(devnet.l2()).at(w.l2BlockNumber(), List.of(slot)).forSlot(slot).nodes();
    }

    /**
     * checkWithdrawal's verdict for the prover's proof: null when it passes, else the revert data. (A view without
     * outputs has no method in a generated wrapper; OpPortalViews declares it.)
     */
    static String check(byte[] hash) throws Exception {
        EthCall call = l1.ethCall(Transaction.createEthCallTransaction(owner.address(), portal,
                OpPortalViews.load(portal, l1, new ReadonlyTransactionManager(l1, owner.address()),
                        new DefaultGasProvider()).checkWithdrawal(hash, prover.address()).encodeFunctionCall()),
                DefaultBlockParameterName.LATEST).send();
        if (!call.hasError() && !call.isReverted()) {
            return null;
        }
        if (call.hasError() && call.getError().getData() != null) {
            return String.valueOf(call.getError().getData()).replace("\"", "").toLowerCase();
        }
        return String.valueOf(call.getValue()).toLowerCase();
    }

    /** The revert data of a transaction the node refuses to estimate (nothing is sent). */
    static String revertOfSend(DevnetSigner who, String data) {
        var e = assertThrows(DevnetSigner.CallRevertedException.class, () -> who.send(portal, data, BigInteger.ZERO));
        return e.revertData() == null ? null : e.revertData().replace("\"", "").toLowerCase();
    }

    static String selector(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes())).substring(0, 10);
    }

    static BigInteger balance(String address) throws Exception {
        return l1.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }
}
