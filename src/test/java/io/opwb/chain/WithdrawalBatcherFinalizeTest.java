package io.opwb.chain;

import static io.opwb.chain.WithdrawalBatcherFixture.ALREADY_DONE;
import static io.opwb.chain.WithdrawalBatcherFixture.DONE;
import static io.opwb.chain.WithdrawalBatcherFixture.FAILED;
import static io.opwb.chain.WithdrawalBatcherFixture.OUT_OF_GAS;
import static io.opwb.chain.WithdrawalBatcherFixture.errorString;
import static io.opwb.chain.WithdrawalBatcherFixture.finalizeItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.testing.BatchItemRecords;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;
import io.opwb.devnet.WithdrawalRequest;

/**
 * WithdrawalBatcher's {@code finalizeBatch} on the devnet, against the real OptimismPortal2: the
 * portal's {@code finalizedWithdrawals}, the targets' L1 balances and the receipt's events are the
 * evidence.
 */
class WithdrawalBatcherFinalizeTest extends DevnetContractTest {

    private static final BigInteger BIG_GAS_LIMIT = BigInteger.valueOf(14_000_000);

    private static int targetCounter;

    // --- 5. own proofs ------------------------------------------------------------------------------

    @Test
    void finalizesSeveralOwnProofsInOneTransactionAndSkipsThemAfterwards() throws Exception {
        List<WithdrawalTransaction> txs = initiateInOneBlock(
                List.of(eth(1_000_000_000_000_000L), eth(2_345_678_901_234_567L), eth(3L)));
        Proposer.ProposedGame game = proveAll(txs);
        fx.resolveAndMature(game);

        List<BigInteger> before = balances(txs);
        BigInteger portalBefore = fx.balance(devnet.deployment().optimismPortal());
        TransactionReceipt receipt = finalize(txs.stream().map(this::ownItem).toList());

        assertTrue(receipt.isStatusOK());
        assertItemResults(receipt, txs, fx.batcherAddress(), List.of(DONE, DONE, DONE));
        assertBatchFinalized(receipt, 3, 3, 0, 0);
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < txs.size(); i++) {
            assertTrue(fx.finalized(txs.get(i)), "finalized on the portal: " + txs.get(i));
            assertEquals(before.get(i).add(txs.get(i).value()), fx.balance(txs.get(i).target()),
                    "target paid exactly its value");
            total = total.add(txs.get(i).value());
        }
        assertEquals(portalBefore.subtract(total), fx.balance(devnet.deployment().optimismPortal()));
        assertEquals(BigInteger.ZERO, fx.balance(fx.batcherAddress()), "the batcher keeps nothing");

        // Again: all AlreadyDone, no revert, nobody paid twice.
        TransactionReceipt again = finalize(txs.stream().map(this::ownItem).toList());
        assertTrue(again.isStatusOK());
        assertItemResults(again, txs, fx.batcherAddress(), List.of(ALREADY_DONE, ALREADY_DONE, ALREADY_DONE));
        assertBatchFinalized(again, 3, 0, 3, 0);
        for (int i = 0; i < txs.size(); i++) {
            assertEquals(before.get(i).add(txs.get(i).value()), fx.balance(txs.get(i).target()));
        }
    }

    // --- 6. another submitter's proof ----------------------------------------------------------------

    @Test
    void finalizesAWithdrawalProvenByAnotherSubmitter() throws Exception {
        Credentials other = DevnetAccounts.otherRelayer();
        InitiatedWithdrawal initiated = devnet.traffic().initiate(eth(777_000_000_000_000_000L));
        WithdrawalTransaction tx = initiated.transaction();
        Proposer.ProposedGame game = fx.propose(initiated.l2BlockNumber());
        OptimismPortal2 portal = fx.portalAs(other);
        portal.proveWithdrawalTransaction(tx.toPortalStruct(), game.index(), game.outputRoot().toProofStruct(),
                new io.opwb.proof.StorageProofs(devnet.l2()).at(game.l2BlockNumber(), List.of(tx.storageSlot()))
                        .forSlot(tx.storageSlot()).nodes()).send();
        assertTrue(fx.proven(tx, other.getAddress()).component2().signum() > 0);
        assertEquals(BigInteger.ZERO, fx.proven(tx, fx.batcherAddress()).component2());
        fx.resolveAndMature(game);
        BigInteger before = fx.balance(tx.target());

        // Naming the batcher as submitter fails: the batcher holds no proof of it.
        TransactionReceipt wrong = finalize(List.of(ownItem(tx)));
        assertItemResults(wrong, List.of(tx), fx.batcherAddress(), List.of(FAILED));
        assertEquals("OptimismPortal: withdrawal has not been proven by proof submitter address yet",
                errorString(WithdrawalBatcher.getFinalizeItemResultEvents(wrong).get(0).reason));
        assertFalse(fx.finalized(tx));

        TransactionReceipt receipt = finalize(List.of(finalizeItem(tx, other.getAddress())));

        assertItemResults(receipt, List.of(tx), other.getAddress(), List.of(DONE));
        assertBatchFinalized(receipt, 1, 1, 0, 0);
        assertTrue(fx.finalized(tx));
        assertEquals(before.add(tx.value()), fx.balance(tx.target()));
        assertEquals(BigInteger.ZERO, fx.proven(tx, fx.batcherAddress()).component2(),
                "the batcher never proved it itself");
    }

    // --- 7. an immature item fails alone ---------------------------------------------------------------

    @Test
    void anImmatureItemFailsWhileMaturedItemsOfTheSameBatchFinalize() throws Exception {
        List<WithdrawalTransaction> mature = initiateInOneBlock(List.of(eth(11_000_000_000L), eth(12_000_000_000L)));
        Proposer.ProposedGame oldGame = proveAll(mature);
        fx.resolveAndMature(oldGame);
        List<WithdrawalTransaction> fresh = initiateInOneBlock(List.of(eth(13_000_000_000L)));
        Proposer.ProposedGame newGame = proveAll(fresh);
        WithdrawalTransaction immature = fresh.get(0);
        BigInteger immatureBefore = fx.balance(immature.target());
        List<BigInteger> matureBefore = balances(mature);

        List<WithdrawalTransaction> batch = List.of(mature.get(0), immature, mature.get(1));
        TransactionReceipt receipt = finalize(batch.stream().map(this::ownItem).toList());

        assertTrue(receipt.isStatusOK());
        assertItemResults(receipt, batch, fx.batcherAddress(), List.of(DONE, FAILED, DONE));
        assertBatchFinalized(receipt, 3, 2, 0, 1);
        assertEquals("OptimismPortal: proven withdrawal has not matured yet",
                errorString(WithdrawalBatcher.getFinalizeItemResultEvents(receipt).get(0).reason));
        assertFalse(fx.finalized(immature));
        assertEquals(immatureBefore, fx.balance(immature.target()));
        for (int i = 0; i < mature.size(); i++) {
            assertTrue(fx.finalized(mature.get(i)));
            assertEquals(matureBefore.get(i).add(mature.get(i).value()), fx.balance(mature.get(i).target()));
        }

        // Once matured (and its game resolved), the failed item finalizes.
        fx.resolveAndMature(newGame);
        TransactionReceipt later = finalize(List.of(ownItem(immature)));
        assertItemResults(later, List.of(immature), fx.batcherAddress(), List.of(DONE));
        assertEquals(immatureBefore.add(immature.value()), fx.balance(immature.target()));
    }

    // --- 8. gas guard ------------------------------------------------------------------------------------

    @Test
    void aWithdrawalNeedingMoreGasThanTheBatchHasLeftIsOutOfGasWhileSmallItemsFinalize() throws Exception {
        List<WithdrawalTransaction> txs = initiateInOneBlock(List.of(eth(21_000_000_000L),
                new WithdrawalRequest(newTarget(), BigInteger.valueOf(22_000_000_000L), BIG_GAS_LIMIT, null),
                eth(23_000_000_000L)));
        WithdrawalTransaction big = txs.get(1);
        assertEquals(BIG_GAS_LIMIT, big.gasLimit());
        fx.resolveAndMature(proveAll(txs));
        List<BigInteger> before = balances(txs);

        TransactionReceipt receipt = fx.batcherAs(DevnetAccounts.service(), BigInteger.valueOf(3_000_000))
                .finalizeBatch(txs.stream().map(this::ownItem).toList()).send();

        assertTrue(receipt.isStatusOK());
        assertItemResults(receipt, txs, fx.batcherAddress(), List.of(DONE, OUT_OF_GAS, DONE));
        assertBatchFinalized(receipt, 3, 2, 1, 0);
        assertFalse(fx.finalized(big), "not attempted");
        assertEquals(before.get(1), fx.balance(big.target()));
        assertTrue(fx.finalized(txs.get(0)));
        assertTrue(fx.finalized(txs.get(2)));
        assertEquals(before.get(0).add(txs.get(0).value()), fx.balance(txs.get(0).target()));
        assertEquals(before.get(2).add(txs.get(2).value()), fx.balance(txs.get(2).target()));

        // With a full batch's gas it finalizes: the withdrawal itself was fine.
        TransactionReceipt full = finalize(List.of(ownItem(big)));
        assertItemResults(full, List.of(big), fx.batcherAddress(), List.of(DONE));
        assertTrue(fx.finalized(big));
        assertEquals(before.get(1).add(big.value()), fx.balance(big.target()));
    }

    /**
     * "Done" means the portal finalized the withdrawal, not that the target's call succeeded: the
     * portal marks it finalized either way and keeps the value when the call fails.
     */
    @Test
    void aWithdrawalWhoseTargetCallRevertsIsFinalizedAndReportedDone() throws Exception {
        String target = newTarget();
        devnet.l1Rpc().setCode(target, "0x60006000fd"); // PUSH1 0 PUSH1 0 REVERT
        List<WithdrawalTransaction> txs = initiateInOneBlock(List.of(
                WithdrawalRequest.eth(target, BigInteger.valueOf(41_000_000_000L)), eth(42_000_000_000L)));
        fx.resolveAndMature(proveAll(txs));
        BigInteger portalBefore = fx.balance(devnet.deployment().optimismPortal());

        TransactionReceipt receipt = finalize(txs.stream().map(this::ownItem).toList());

        assertItemResults(receipt, txs, fx.batcherAddress(), List.of(DONE, DONE));
        assertBatchFinalized(receipt, 2, 2, 0, 0);
        var portalEvents = OptimismPortal2.getWithdrawalFinalizedEvents(receipt);
        assertEquals(2, portalEvents.size());
        assertArrayEquals(txs.get(0).hash(), portalEvents.get(0).withdrawalHash);
        assertFalse(portalEvents.get(0).success, "the target's call reverted");
        assertTrue(portalEvents.get(1).success);
        assertTrue(fx.finalized(txs.get(0)), "finalized for good: it can never be replayed");
        assertEquals(BigInteger.ZERO, fx.balance(target), "the target got nothing");
        assertEquals(portalBefore.subtract(txs.get(1).value()), fx.balance(devnet.deployment().optimismPortal()),
                "the reverted withdrawal's value stays in the portal");
    }

    /**
     * A target that burns all the gas it is given (INVALID) gets only what its gas limit implies: the
     * portal would forward it nearly everything left, but our batcher gives the portal only
     * {@code finalizeGasForwarded(gasLimit)}. The items after it, in a batch given exactly the sum of
     * its items' bounds (as the service does), are finalized in the same transaction.
     */
    @Test
    void aTargetThatBurnsAllItIsGivenCannotTakeTheGasOfTheItemsAfterIt() throws Exception {
        String burner = newTarget();
        devnet.l1Rpc().setCode(burner, "0xfe");
        BigInteger burnerGasLimit = BigInteger.valueOf(100_000);
        List<WithdrawalTransaction> txs = initiateInOneBlock(List.of(
                new WithdrawalRequest(burner, BigInteger.valueOf(51_000_000_000L), burnerGasLimit, null),
                eth(52_000_000_000L), eth(53_000_000_000L)));
        fx.resolveAndMature(proveAll(txs));
        long gasLimit = io.opwb.merkle.GasModel.BATCH_BASE_GAS + txs.stream()
                .mapToLong(t -> io.opwb.merkle.GasModel.finalizeItem(t.gasLimit(), t.data().length)).sum();

        TransactionReceipt receipt = fx.batcherAs(DevnetAccounts.service(), BigInteger.valueOf(gasLimit))
                .finalizeBatch(txs.stream().map(this::ownItem).toList()).send();

        assertTrue(receipt.isStatusOK());
        assertItemResults(receipt, txs, fx.batcherAddress(), List.of(DONE, DONE, DONE));
        var portalEvents = OptimismPortal2.getWithdrawalFinalizedEvents(receipt);
        assertFalse(portalEvents.get(0).success, "the burner's own call failed");
        assertTrue(portalEvents.get(1).success && portalEvents.get(2).success, "the items after it were finalized");
        assertEquals(txs.get(1).value(), fx.balance(txs.get(1).target()));
        assertEquals(txs.get(2).value(), fx.balance(txs.get(2).target()));
        long bound = io.opwb.merkle.GasModel.finalizeGasForwarded(burnerGasLimit);
        assertEquals(BigInteger.valueOf(bound), fx.batcherAs(DevnetAccounts.service()).finalizeGasForwarded(burnerGasLimit, BigInteger.ZERO).send(),
                "the contract forwards what the Java gas model says");
        // two plain finalizations and the batch itself take well under 350k; the burner at most its bound
        assertTrue(receipt.getGasUsed().longValue() < bound + 350_000,
                "gas used " + receipt.getGasUsed() + ": the burner took no more than " + bound);
    }

    /**
     * The guard's promise, "OutOfGas: not attempted: too little gas left", at every gas limit between
     * clearly too little and enough: no item the batch cannot give its gas limit may be attempted
     * and come back Failed ("SafeCall: Not enough gas") instead.
     * <p>
     * Fails against the contract as it is: its guard, {@code gasleft() >= ((gasLimit * 64 / 63 +
     * FINALIZE_OVERHEAD_GAS) * 64) / 63}, counts one 63/64 cut (batcher to portal) but the portal is
     * a Proxy that delegatecalls its implementation with another 63/64 cut, before the portal's own
     * checks and SafeCall's {@code gasLimit * 64 / 63 + 40_000} test. For a 14M gas limit, transaction
     * gas limits from about 14.625M to 14.800M pass the guard and then fail in the portal.
     */
    @Test
    void aWithdrawalTheBatchCannotGiveItsGasLimitIsOutOfGasNeverFailed() throws Exception {
        List<WithdrawalTransaction> txs = initiateInOneBlock(List.of(
                new WithdrawalRequest(newTarget(), BigInteger.valueOf(31_000_000_000L), BIG_GAS_LIMIT, null)));
        WithdrawalTransaction big = txs.get(0);
        fx.resolveAndMature(proveAll(txs));

        List<String> seen = new ArrayList<>();
        boolean done = false;
        for (long gas = 14_500_000; gas <= 15_200_000 && !done; gas += 25_000) {
            TransactionReceipt receipt = fx.batcherAs(DevnetAccounts.service(), BigInteger.valueOf(gas))
                    .finalizeBatch(List.of(ownItem(big))).send();
            var result = records(receipt, List.of(big)).get(0);
            String outcome = switch (result.outcome().intValue()) {
                case 0 -> "Done";
                case 1 -> "AlreadyDone";
                case 2 -> "Failed(" + (result.reason().length > 0 ? errorString(result.reason()) : "") + ")";
                default -> "OutOfGas";
            };
            seen.add(gas + ": " + outcome);
            done = DONE.equals(result.outcome());
        }
        assertTrue(done, "finalized at some gas limit: " + seen);
        assertTrue(fx.finalized(big));
        assertTrue(seen.stream().noneMatch(s -> s.contains("Failed")),
                "below the gas the withdrawal needs, items are OutOfGas, never Failed: " + seen);
    }

    // --- helpers ------------------------------------------------------------------------------------

    private Proposer.ProposedGame proveAll(List<WithdrawalTransaction> txs) throws Exception {
        Proposer.ProposedGame game = fx.propose(devnet.l2().ethBlockNumber().send().getBlockNumber());
        TransactionReceipt proven = fx.proveBatch(game, fx.proveBatchFor(game.l2BlockNumber(), txs));
        BatchItemRecords.of(proven, true, fx.batcherAddress(), devnet.deployment().optimismPortal(), txs)
                .forEach(r -> assertEquals(DONE, r.outcome(), "proven"));
        return game;
    }

    private TransactionReceipt finalize(List<WithdrawalBatcher.FinalizeItem> items) throws Exception {
        return fx.batcherAs(DevnetAccounts.service()).finalizeBatch(items).send();
    }

    private WithdrawalBatcher.FinalizeItem ownItem(WithdrawalTransaction tx) {
        return finalizeItem(tx, fx.batcherAddress());
    }

    private static List<WithdrawalTransaction> initiateInOneBlock(List<WithdrawalRequest> requests) {
        return devnet.traffic().initiateInOneBlock(requests).stream().map(InitiatedWithdrawal::transaction).toList();
    }

    private static WithdrawalRequest eth(long wei) {
        return WithdrawalRequest.eth(newTarget(), BigInteger.valueOf(wei));
    }

    /** A fresh, empty L1 address per withdrawal, so that balances show exactly what was paid. */
    private static String newTarget() {
        targetCounter++;
        return String.format("0x%040x", 0xf1_0000_0000L + targetCounter);
    }

    private static List<BigInteger> balances(List<WithdrawalTransaction> txs) throws Exception {
        List<BigInteger> out = new ArrayList<>();
        for (WithdrawalTransaction tx : txs) {
            out.add(fx.balance(tx.target()));
        }
        return out;
    }

    private static List<BatchItemRecords.ItemRecord> records(TransactionReceipt receipt, List<WithdrawalTransaction> txs) {
        return BatchItemRecords.of(receipt, false, fx.batcherAddress(), devnet.deployment().optimismPortal(), txs);
    }

    private static void assertItemResults(TransactionReceipt receipt, List<WithdrawalTransaction> txs,
            String submitter, List<BigInteger> outcomes) {
        BatchItemRecords.assertOutcomes(receipt, false, fx.batcherAddress(), devnet.deployment().optimismPortal(), txs,
                outcomes);
        for (var record : records(receipt, txs)) {
            if (record.proofSubmitter() != null) {
                assertEquals(submitter.toLowerCase(), record.proofSubmitter().toLowerCase(), "the item event names its submitter");
            }
        }
    }

    private static void assertBatchFinalized(TransactionReceipt receipt, int items, int finalized, int skipped,
            int failed) {
        var summaries = WithdrawalBatcher.getBatchFinalizedEvents(receipt);
        assertEquals(1, summaries.size());
        var s = summaries.get(0);
        assertEquals(List.of(items, finalized, skipped, failed), List.of(s.items.intValue(),
                s.finalized.intValue(), s.skipped.intValue(), s.failed.intValue()),
                "items, finalized, skipped, failed");
    }
}
