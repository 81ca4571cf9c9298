package io.opwb.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.StandInAnchorStateRegistry;
import io.opwb.chain.contracts.StandInFaultDisputeGame;
import io.opwb.chain.contracts.StandInOptimismPortal2;
import io.opwb.chain.contracts.StandInSequenceDisputeGame;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.testing.BatchItemRecords;
import io.opwb.merkle.SharedProofNodes;
import io.opwb.proof.StorageProofs;

/**
 * The ASR era STAND-IN flavour, each parameter set on its own devnet: real L2 withdrawals proven through OUR
 * {@code WithdrawalBatcher.proveBatch} against a game the devnet's proposer made on the stand-in portal, matured by
 * warping L1 time, the game resolved by the devnet's resolver, and finalized through {@code finalizeBatch}; the chain
 * says {@code finalizedWithdrawals} and the targets were paid out of the stand-in ETHLockbox.
 */
class AsrEraDevnetTest {

    private static final Logger LOG = Logger.getLogger(AsrEraDevnetTest.class);
    private static final BigInteger VALUE = Convert.toWei("0.1", Convert.Unit.ETHER).toBigInteger();
    private static final BigInteger BATCH_GAS = BigInteger.valueOf(15_000_000);
    private static final BigInteger DONE = BigInteger.ZERO;
    private static final BigInteger ALREADY_DONE = BigInteger.ONE;
    private static final BigInteger FAILED = BigInteger.TWO;
    private static final BigInteger DEFENDER_WINS = BigInteger.TWO;
    /** Withdrawals proven and finalized in one batch, after a batch of one. */
    private static final int BATCH = 10;

    @Test
    void opMainnetLikeProvesAndFinalizesThroughOurBatcher() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.asrEraOpMainnetLike())) {
            L1Deployment l1 = devnet.deployment();
            assertEquals(PortalFlavour.ASR_ERA_STAND_IN, l1.flavour());
            assertEquals(1, l1.gameType(), "the 3.10.0 devnet's game type number");
            assertNull(l1.asrEra().retiredGame());
            StandInOptimismPortal2 portal = portalView(devnet);
            assertEquals("5.6.1", portal.version().send());
            assertEquals(BigInteger.ONE, portal.respectedGameType().send());
            assertEquals(BigInteger.valueOf(DevnetClocks.mainnet().proofMaturityDelay()),
                    portal.proofMaturityDelaySeconds().send());
            assertEquals(BigInteger.valueOf(DevnetClocks.mainnet().disputeGameFinalityDelay()),
                    portal.disputeGameFinalityDelaySeconds().send());
            assertServiceConfig(devnet);

            Outcome outcome = proveAndFinalize(devnet);
            var game = StandInFaultDisputeGame.load(outcome.game.address(), devnet.l1(), readOnly(devnet),
                    new DefaultGasProvider());
            assertEquals(outcome.game.l2BlockNumber(), game.l2BlockNumber().send());
            assertEquals(outcome.game.l2BlockNumber(), game.l2SequenceNumber().send());
            LOG.infof("OP-Mainnet-like: %s", outcome.gas);
        }
    }

    @Test
    void baseLikeProvesAndFinalizesAgainstAGameWithoutL2BlockNumber() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.asrEraBaseLike())) {
            L1Deployment l1 = devnet.deployment();
            assertEquals(PortalFlavour.ASR_ERA_STAND_IN, l1.flavour());
            assertEquals(621, l1.gameType());
            StandInOptimismPortal2 portal = portalView(devnet);
            StandInAnchorStateRegistry registry = StandInAnchorStateRegistry.load(l1.asrEra().anchorStateRegistry(),
                    devnet.l1(), readOnly(devnet), new DefaultGasProvider());
            assertEquals(BigInteger.valueOf(621), portal.respectedGameType().send());
            assertEquals(BigInteger.valueOf(86_400), portal.proofMaturityDelaySeconds().send());
            assertEquals(BigInteger.ZERO, portal.disputeGameFinalityDelaySeconds().send());
            assertServiceConfig(devnet);

            // The game made before the switch (type 0, game #0) is retired; the portal's legacy getter is the
            // registry's retirement timestamp.
            String retired = l1.asrEra().retiredGame();
            assertNotNull(retired);
            DisputeGameFactory factory = DisputeGameFactory.load(l1.disputeGameFactory(), devnet.l1(), readOnly(devnet),
                    new DefaultGasProvider());
            var first = factory.gameAtIndex(BigInteger.ZERO).send();
            assertEquals(BigInteger.ZERO, first.component1(), "type 0 before the switch");
            assertEquals(retired.toLowerCase(), first.component3().toLowerCase());
            assertTrue(registry.isGameRetired(retired).send());
            assertFalse(registry.isGameProper(retired).send());
            assertEquals(registry.retirementTimestamp().send(), portal.respectedGameTypeUpdatedAt().send());

            Outcome outcome = proveAndFinalize(devnet);
            var game = StandInSequenceDisputeGame.load(outcome.game.address(), devnet.l1(), readOnly(devnet),
                    new DefaultGasProvider());
            assertEquals(BigInteger.valueOf(621), game.gameType().send());
            assertEquals(outcome.game.l2BlockNumber(), game.l2SequenceNumber().send());
            EthCall l2BlockNumber = devnet.l1().ethCall(Transaction.createEthCallTransaction(
                    DevnetAccounts.deployer().getAddress(), outcome.game.address(), fn("l2BlockNumber")),
                    DefaultBlockParameterName.LATEST).send();
            assertTrue(l2BlockNumber.isReverted() || l2BlockNumber.hasError(), "the type 621 game has no l2BlockNumber()");
            assertFalse(registry.isGameRetired(outcome.game.address()).send());

            // Our batcher against the retired game (its claim: L2 block 0): the item fails with the portal's reason, the batch goes through.
            WithdrawalTransaction late = devnet.traffic().initiate(WithdrawalRequest.eth(target(99), VALUE))
                    .transaction();
            TransactionReceipt refused = proveBatch(devnet, BigInteger.ZERO, new OutputRootReader(devnet.l2()).at(BigInteger.ZERO),
                    List.of(late), devnet.l2().ethBlockNumber().send().getBlockNumber());
            var result = WithdrawalBatcher.getProveItemResultEvents(refused).get(0);
            assertEquals(FAILED, result.outcome);
            assertEquals(selector("OptimismPortal_ImproperDisputeGame()"), Numeric.toHexString(result.reason));
            LOG.infof("Base-like: %s", outcome.gas);
        }
    }

    // --- the life of withdrawals on the stand-in portal, through our batcher ---

    record Outcome(Proposer.ProposedGame game, String gas) {
    }

    /**
     * 1 + {@value #BATCH} withdrawals proven by our batcher and one proven by a stranger at the portal, all against
     * one game of the proposer; a re-prove skipped by our guard; finalize refused before maturity; then the clock runs
     * out, the resolver resolves, maturity and finality pass, and all are finalized through {@code finalizeBatch}.
     */
    private Outcome proveAndFinalize(Devnet devnet) throws Exception {
        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < BATCH + 2; i++) {
            requests.add(WithdrawalRequest.eth(target(i), VALUE));
        }
        List<WithdrawalTransaction> txs = devnet.traffic().initiate(requests).stream()
                .map(InitiatedWithdrawal::transaction).toList();
        BigInteger l2Block = devnet.l2().ethBlockNumber().send().getBlockNumber();
        Proposer.ProposedGame game = devnet.proposer().propose(l2Block);
        devnet.warpL1(1); // never prove in the game's own second

        StandInAnchorStateRegistry registry = StandInAnchorStateRegistry.load(
                devnet.deployment().asrEra().anchorStateRegistry(), devnet.l1(), readOnly(devnet),
                new DefaultGasProvider());
        assertTrue(registry.isGameProper(game.address()).send());
        assertTrue(registry.isGameRespected(game.address()).send());
        assertFalse(batcher(devnet).outputOraclePortal().send(), "the batcher takes the stand-in for an OptimismPortal2");

        WithdrawalTransaction single = txs.get(0);
        List<WithdrawalTransaction> batch = txs.subList(1, BATCH + 1);
        WithdrawalTransaction external = txs.get(BATCH + 1);

        TransactionReceipt prove1 = proveBatch(devnet, game.index(), game.outputRoot(), List.of(single), l2Block);
        assertOutcomes(outcomes(devnet, prove1, true), 1, DONE);
        TransactionReceipt prove10 = proveBatch(devnet, game.index(), game.outputRoot(), batch, l2Block);
        assertOutcomes(outcomes(devnet, prove10, true), BATCH,
                DONE);
        String batcher = devnet.deployment().withdrawalBatcher();
        for (WithdrawalTransaction tx : txs.subList(0, BATCH + 1)) {
            var proven = portalView(devnet).provenWithdrawals(tx.hash(), batcher).send();
            assertEquals(game.address().toLowerCase(), proven.component1().toLowerCase());
        }
        // A stranger proves one at the portal itself (its proof is finalized by us with the external-proof call).
        DevnetSigner stranger = new DevnetSigner(devnet.l1(), DevnetAccounts.otherRelayer(), DevnetOptions.L1_CHAIN_ID);
        stranger.send(devnet.deployment().optimismPortal(), portalProveCall(devnet, game, external), BigInteger.ZERO);

        // Our guard against re-proving (provenWithdrawals, disputeGameBlacklist, respectedGameTypeUpdatedAt, the
        // game's status and createdAt, all answered by the stand-ins): skipped, the proof's clock not restarted.
        BigInteger provenAt = portalView(devnet).provenWithdrawals(single.hash(), batcher).send().component2();
        devnet.warpL1(5);
        TransactionReceipt again = proveBatch(devnet, game.index(), game.outputRoot(), List.of(single), l2Block);
        assertOutcomes(outcomes(devnet, again, true), 1,
                ALREADY_DONE);
        assertEquals(provenAt, portalView(devnet).provenWithdrawals(single.hash(), batcher).send().component2());
        assertEquals(BigInteger.ONE, portalView(devnet).numProofSubmitters(single.hash()).send());
        // The respected type changes: under the registry's rules the proof stays valid, so our guard
        // (asking the registry: isGameProper, isGameRespected) still skips the re-prove.
        DevnetSigner guardian = new DevnetSigner(devnet.l1(), DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID);
        String registryAddress = devnet.deployment().asrEra().anchorStateRegistry();
        BigInteger respected = registry.respectedGameType().send();
        guardian.send(registryAddress, registry.setRespectedGameType(respected.add(BigInteger.valueOf(7)))
                .encodeFunctionCall(), BigInteger.ZERO);
        devnet.warpL1(1);
        TransactionReceipt afterTypeChange = proveBatch(devnet, game.index(), game.outputRoot(), List.of(single), l2Block);
        assertOutcomes(outcomes(devnet, afterTypeChange, true),
                1, ALREADY_DONE);
        assertEquals(provenAt, portalView(devnet).provenWithdrawals(single.hash(), batcher).send().component2());
        guardian.send(registryAddress, registry.setRespectedGameType(respected).encodeFunctionCall(), BigInteger.ZERO);

        // Too early: the item fails with the stand-in portal's reason, the batch does not revert.
        TransactionReceipt early = batcherAs(devnet).finalizeBatch(List.of(finalizeItem(single, batcher))).send();
        var earlyResult = WithdrawalBatcher.getFinalizeItemResultEvents(early).get(0);
        assertEquals(FAILED, earlyResult.outcome);
        assertEquals(selector("OptimismPortal_ProofNotOldEnough()"), Numeric.toHexString(earlyResult.reason));

        DevnetClocks clocks = devnet.options().clocks();
        devnet.warpL1(clocks.maxClockDuration() + 1);
        assertTrue(devnet.resolver().resolveExpired().contains(game.address()), "the resolver resolved the game");
        assertEquals(DEFENDER_WINS, StandInFaultDisputeGame.load(game.address(), devnet.l1(), readOnly(devnet),
                new DefaultGasProvider()).status().send());
        devnet.warpL1(Math.max(clocks.proofMaturityDelay(), clocks.disputeGameFinalityDelay()) + 1);
        assertTrue(registry.isGameClaimValid(game.address()).send());

        String lockbox = devnet.deployment().ethLockbox();
        String portal = devnet.deployment().optimismPortal();
        BigInteger lockboxBefore = balance(devnet, lockbox);
        BigInteger portalBefore = balance(devnet, portal);
        List<BigInteger> before = new ArrayList<>();
        for (WithdrawalTransaction tx : txs) {
            before.add(balance(devnet, tx.target()));
        }
        TransactionReceipt finalize1 = batcherAs(devnet).finalizeBatch(List.of(finalizeItem(single, batcher))).send();
        assertOutcomes(outcomes(devnet, finalize1, false),
                1, DONE);
        TransactionReceipt finalize10 = batcherAs(devnet).finalizeBatch(
                batch.stream().map(tx -> finalizeItem(tx, batcher)).toList()).send();
        assertOutcomes(outcomes(devnet, finalize10, false),
                BATCH, DONE);
        TransactionReceipt finalizeExternal = batcherAs(devnet).finalizeBatch(
                List.of(finalizeItem(external, stranger.address()))).send();
        assertOutcomes(outcomes(devnet, finalizeExternal, false), 1, DONE);

        for (int i = 0; i < txs.size(); i++) {
            assertTrue(portalView(devnet).finalizedWithdrawals(txs.get(i).hash()).send(), "finalized #" + i);
            assertEquals(before.get(i).add(VALUE), balance(devnet, txs.get(i).target()), "target #" + i + " paid");
        }
        assertEquals(lockboxBefore.subtract(VALUE.multiply(BigInteger.valueOf(txs.size()))), balance(devnet, lockbox),
                "paid out of the lockbox");
        assertEquals(portalBefore, balance(devnet, portal), "nothing stays in the portal");

        String gas = String.format("prove 1: %,d gas; prove %d: %,d gas = %,d per withdrawal; re-prove skipped: %,d; "
                + "finalize 1: %,d; finalize %d: %,d = %,d per withdrawal; finalize 1 with a stranger's proof: %,d",
                prove1.getGasUsed(), BATCH, prove10.getGasUsed(), prove10.getGasUsed().divide(BigInteger.valueOf(BATCH)),
                again.getGasUsed(), finalize1.getGasUsed(), BATCH, finalize10.getGasUsed(),
                finalize10.getGasUsed().divide(BigInteger.valueOf(BATCH)), finalizeExternal.getGasUsed());
        System.out.println("ASR era stand-in (" + devnet.deployment().asrEra().name() + ") gas: " + gas);
        return new Outcome(game, gas);
    }

    /** Each item's outcome in a batch receipt: DONE per portal event, then our item events' outcomes. */
    private static List<BigInteger> outcomes(Devnet devnet, TransactionReceipt receipt, boolean prove) {
        return BatchItemRecords.outcomes(receipt, prove, devnet.deployment().withdrawalBatcher(),
                devnet.deployment().optimismPortal());
    }

    private static void assertOutcomes(List<BigInteger> outcomes, int count, BigInteger expected) {
        assertEquals(count, outcomes.size(), "items");
        for (BigInteger outcome : outcomes) {
            assertEquals(expected, outcome, "outcomes " + outcomes);
        }
    }

    private static void assertServiceConfig(Devnet devnet) {
        var config = devnet.serviceConfig();
        L1Deployment l1 = devnet.deployment();
        assertEquals(l1.optimismPortal(), config.get("opwb.chain.portal-address"));
        assertEquals(l1.asrEra().anchorStateRegistry(), config.get(Devnet.ASR_ERA_REGISTRY_KEY));
        assertEquals(l1.asrEra().ethLockbox(), config.get(Devnet.ASR_ERA_LOCKBOX_KEY));
        assertTrue(DevnetConfigSource.KEYS.containsAll(config.keySet()), "DevnetConfigSource answers every key");
    }

    // --- calls ---

    private static TransactionReceipt proveBatch(Devnet devnet, BigInteger gameIndex, OutputRoot root,
            List<WithdrawalTransaction> txs, BigInteger l2Block) throws Exception {
        StorageProofs.Result proofs = new StorageProofs(devnet.l2()).at(l2Block,
                txs.stream().map(WithdrawalTransaction::storageSlot).toList());
        SharedProofNodes shared = new SharedProofNodes();
        List<WithdrawalBatcher.ProveItem> items = new ArrayList<>();
        for (WithdrawalTransaction tx : txs) {
            items.add(new WithdrawalBatcher.ProveItem(batcherStruct(tx), shared.add(proofs.forSlot(tx.storageSlot())
                    .nodes())));
        }
        OptimismPortal2.OutputRootProof p = root.toProofStruct();
        return batcherAs(devnet).proveBatch(gameIndex, new WithdrawalBatcher.OutputRootProof(p.version, p.stateRoot,
                p.messagePasserStorageRoot, p.latestBlockhash), shared.nodes(), items).send();
    }

    private static String portalProveCall(Devnet devnet, Proposer.ProposedGame game, WithdrawalTransaction tx)
            throws Exception {
        StorageProofs.Result proofs = new StorageProofs(devnet.l2()).at(game.l2BlockNumber(), List.of(tx.storageSlot()));
        List<DynamicBytes> nodes = new ArrayList<>();
        for (byte[] node : proofs.forSlot(tx.storageSlot()).nodes()) {
            nodes.add(new DynamicBytes(node));
        }
        return fn("proveWithdrawalTransaction", tx.toPortalStruct(), new Uint256(game.index()),
                game.outputRoot().toProofStruct(), new DynamicArray<>(DynamicBytes.class, nodes));
    }

    private static WithdrawalBatcher.FinalizeItem finalizeItem(WithdrawalTransaction tx, String proofSubmitter) {
        return new WithdrawalBatcher.FinalizeItem(batcherStruct(tx), proofSubmitter);
    }

    private static WithdrawalBatcher.WithdrawalTransaction batcherStruct(WithdrawalTransaction tx) {
        return new WithdrawalBatcher.WithdrawalTransaction(tx.nonce(), tx.sender(), tx.target(), tx.value(),
                tx.gasLimit(), tx.data());
    }

    /** Our batcher, sent by the devnet's operator key with a fixed gas limit (an item's failure never reverts). */
    private static WithdrawalBatcher batcherAs(Devnet devnet) {
        Web3j l1 = devnet.l1();
        var tm = new RawTransactionManager(l1, DevnetAccounts.service(), DevnetOptions.L1_CHAIN_ID,
                new PollingTransactionReceiptProcessor(l1, 50, 400));
        return WithdrawalBatcher.load(devnet.deployment().withdrawalBatcher(), l1, tm,
                new StaticEIP1559GasProvider(DevnetOptions.L1_CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
                        BigInteger.valueOf(1_000_000_000L), BATCH_GAS));
    }

    private static WithdrawalBatcher batcher(Devnet devnet) {
        return WithdrawalBatcher.load(devnet.deployment().withdrawalBatcher(), devnet.l1(), readOnly(devnet),
                new DefaultGasProvider());
    }

    private static StandInOptimismPortal2 portalView(Devnet devnet) {
        return StandInOptimismPortal2.load(devnet.deployment().optimismPortal(), devnet.l1(), readOnly(devnet),
                new DefaultGasProvider());
    }

    private static ReadonlyTransactionManager readOnly(Devnet devnet) {
        return new ReadonlyTransactionManager(devnet.l1(), DevnetAccounts.deployer().getAddress());
    }

    private static BigInteger balance(Devnet devnet, String address) throws Exception {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private static String target(int i) {
        return String.format("0x%040x", 0xa5e0000L + i);
    }

    private static String fn(String name, Type<?>... args) {
        return FunctionEncoder.encode(new Function(name, Arrays.asList(args), List.of()));
    }

    private static String selector(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes())).substring(0, 10);
    }

}
