package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Convert;

import io.opwb.chain.contracts.StandInOptimismPortal2;
import io.opwb.chain.contracts.StandInSuperDisputeGame;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.DevnetSigner;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.SuperRootMigration;
import io.opwb.devnet.SuperRootProposer;
import io.opwb.devnet.SuperRootProposer.ProposedSuperRoot;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.testing.BatchItemRecords;

/**
 * Our batcher's {@code proveBatchAgainstSuperRoot} on the ASR era stand-in devnet migrated to super roots: a batch
 * proven against a single-chain super-root game made through the real factory, our re-prove guard skipping it the
 * second time (the proofs' clock not restarted), then finalized through {@code finalizeBatch}; asserted on the
 * portal's own state and the targets' balances.
 */
class WithdrawalBatcherSuperRootTest {

    static final int N = 4;
    static final BigInteger VALUE = Convert.toWei("0.125", Convert.Unit.ETHER).toBigInteger();

    static Devnet devnet;
    static WithdrawalBatcherFixture fx;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(DevnetOptions.asrEraOpMainnetLike());
        fx = new WithdrawalBatcherFixture(devnet);
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void provesABatchAgainstASuperRootGameOnceAndFinalizesIt() throws Exception {
        SuperRootMigration.Migrated migrated = SuperRootMigration.migrate(devnet);
        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            requests.add(WithdrawalRequest.eth(String.format("0x%040x", 0x5b0000L + i), VALUE));
        }
        List<WithdrawalTransaction> txs = devnet.traffic().initiateInOneBlock(requests).stream()
                .map(InitiatedWithdrawal::transaction).toList();
        ProposedSuperRoot game = new SuperRootProposer(new DevnetSigner(devnet.l1(), DevnetAccounts.proposer(),
                DevnetOptions.L1_CHAIN_ID), devnet.l2(), DevnetOptions.L2_CHAIN_ID, migrated.disputeGameFactory(),
                migrated.gameType()).proposeLatest();
        devnet.warpL1(1); // never prove in the game's own second
        var batch = fx.proveBatchFor(game.l2BlockNumber(), txs);
        String batcher = fx.batcherAddress();
        String portal = devnet.deployment().optimismPortal();

        TransactionReceipt proven = prove(game, batch);
        BatchItemRecords.assertOutcomes(proven, true, batcher, portal, txs, txs.stream().map(t -> BatchItemRecords.DONE)
                .toList());
        var summary = WithdrawalBatcher.getSuperRootBatchProvenEvents(proven).get(0);
        assertEquals(game.address().toLowerCase(), summary.game.toLowerCase());
        assertEquals(BigInteger.valueOf(N), summary.proven);
        StandInOptimismPortal2 portalView = StandInOptimismPortal2.load(portal, devnet.l1(),
                new ReadonlyTransactionManager(devnet.l1(), batcher), new DefaultGasProvider());
        List<BigInteger> provenAt = new ArrayList<>();
        for (WithdrawalTransaction tx : txs) {
            var proof = portalView.provenWithdrawals(tx.hash(), batcher).send();
            assertEquals(game.address().toLowerCase(), proof.component1().toLowerCase(), "proven against the super game");
            provenAt.add(proof.component2());
        }

        // Sent again: our guard asks the registry, finds our proofs valid, and skips them.
        devnet.warpL1(5);
        TransactionReceipt again = prove(game, batch);
        BatchItemRecords.assertOutcomes(again, true, batcher, portal, txs, txs.stream().map(t -> BigInteger.ONE).toList());
        for (int i = 0; i < N; i++) {
            assertEquals(provenAt.get(i), portalView.provenWithdrawals(txs.get(i).hash(), batcher).send().component2(),
                    "the proof's clock did not restart");
        }

        DevnetClocks clocks = devnet.options().clocks();
        devnet.warpL1(Math.max(clocks.maxClockDuration(), clocks.proofMaturityDelay()) + 1);
        var gameView = StandInSuperDisputeGame.load(game.address(), devnet.l1(), new DevnetSigner(devnet.l1(),
                DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID).transactionManager(), new DefaultGasProvider());
        gameView.resolve().send();
        devnet.warpL1(clocks.disputeGameFinalityDelay() + 1);
        List<BigInteger> before = new ArrayList<>();
        for (WithdrawalTransaction tx : txs) {
            before.add(balance(tx.target()));
        }
        TransactionReceipt finalized = fx.batcherAs(DevnetAccounts.service()).finalizeBatch(txs.stream()
                .map(tx -> WithdrawalBatcherFixture.finalizeItem(tx, batcher)).toList()).send();
        BatchItemRecords.assertOutcomes(finalized, false, batcher, portal, txs,
                txs.stream().map(t -> BatchItemRecords.DONE).toList());
        for (int i = 0; i < N; i++) {
            assertTrue(portalView.finalizedWithdrawals(txs.get(i).hash()).send(), "finalized on the portal");
            assertEquals(before.get(i).add(VALUE), balance(txs.get(i).target()), "paid");
        }
    }

    private static TransactionReceipt prove(ProposedSuperRoot game, WithdrawalBatcherFixture.ProveBatch batch)
            throws Exception {
        var roots = game.superRoot().outputRoots().stream()
                .map(r -> new WithdrawalBatcher.OutputRootWithChainId(r.chainId(), r.root())).toList();
        var superRootProof = new WithdrawalBatcher.SuperRootProof(new byte[] {SuperRoot.VERSION},
                BigInteger.valueOf(game.superRoot().timestamp()), roots);
        int index = game.superRoot().indexOf(BigInteger.valueOf(DevnetOptions.L2_CHAIN_ID));
        TransactionReceipt receipt = fx.batcherAs(DevnetAccounts.service()).proveBatchAgainstSuperRoot(game.address(),
                BigInteger.valueOf(index), superRootProof, WithdrawalBatcherFixture.toBatcherStruct(game.outputRoot()),
                batch.nodes(), batch.items()).send();
        assertTrue(receipt.isStatusOK());
        return receipt;
    }

    private static BigInteger balance(String address) throws Exception {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }
}
