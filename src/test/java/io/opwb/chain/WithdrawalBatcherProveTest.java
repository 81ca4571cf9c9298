package io.opwb.chain;

import static io.opwb.chain.WithdrawalBatcherFixture.ALREADY_DONE;
import static io.opwb.chain.WithdrawalBatcherFixture.DONE;
import static io.opwb.chain.WithdrawalBatcherFixture.FAILED;
import static io.opwb.chain.WithdrawalBatcherFixture.customError;
import static io.opwb.chain.WithdrawalBatcherFixture.errorString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.testing.BatchItemRecords;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;
import io.opwb.devnet.WithdrawalRequest;

/**
 * WithdrawalBatcher's access control and {@code proveBatch} on the devnet, against the real
 * OptimismPortal2: every assertion reads the portal's (or the batcher's) own state or the receipt's
 * events.
 */
class WithdrawalBatcherProveTest extends DevnetContractTest {

    private static int targetCounter;

    // --- 1. access control ------------------------------------------------------------------------

    @Test
    void onlyOperatorsBatchAndOnlyTheOwnerSetsOperators() throws Exception {
        Credentials owner = DevnetAccounts.deployer();
        Credentials operator = DevnetAccounts.service();
        Credentials stranger = DevnetAccounts.otherRelayer();
        String batcher = fx.batcherAddress();
        WithdrawalBatcher asStranger = fx.batcherAs(stranger);

        assertEquals(owner.getAddress(), fx.batcherAs(owner).owner().send().toLowerCase());
        assertTrue(asStranger.isOperator(operator.getAddress()).send());
        assertFalse(asStranger.isOperator(stranger.getAddress()).send());
        assertFalse(asStranger.isOperator(owner.getAddress()).send(), "the owner is not an operator by itself");

        // A non-operator's batches revert with NotOperator(caller), both as a call and as a mined transaction.
        String notOperator = customError("NotOperator(address)", new Address(stranger.getAddress()));
        WithdrawalBatcher.OutputRootProof noRoot = new WithdrawalBatcher.OutputRootProof(new byte[32], new byte[32],
                new byte[32], new byte[32]);
        String prove = asStranger.proveBatch(BigInteger.ZERO, noRoot, List.of(), List.of()).encodeFunctionCall();
        String finalize = asStranger.finalizeBatch(List.of()).encodeFunctionCall();
        assertEquals(notOperator, fx.revertDataOfCall(stranger.getAddress(), batcher, prove));
        assertEquals(notOperator, fx.revertDataOfCall(stranger.getAddress(), batcher, finalize));
        assertMinedAndReverted(() -> asStranger.proveBatch(BigInteger.ZERO, noRoot, List.of(), List.of()).send());
        assertMinedAndReverted(() -> asStranger.finalizeBatch(List.of()).send());
        // The owner is no operator either.
        assertEquals(customError("NotOperator(address)", new Address(owner.getAddress())),
                fx.revertDataOfCall(owner.getAddress(), batcher, finalize));

        // Neither a stranger nor an operator may set operators: OwnableUnauthorizedAccount(caller).
        String grant = asStranger.setOperator(stranger.getAddress(), true).encodeFunctionCall();
        assertEquals(customError("OwnableUnauthorizedAccount(address)", new Address(stranger.getAddress())),
                fx.revertDataOfCall(stranger.getAddress(), batcher, grant));
        assertEquals(customError("OwnableUnauthorizedAccount(address)", new Address(operator.getAddress())),
                fx.revertDataOfCall(operator.getAddress(), batcher, grant));
        assertMinedAndReverted(() -> asStranger.setOperator(stranger.getAddress(), true).send());
        assertMinedAndReverted(() -> fx.batcherAs(operator).setOperator(stranger.getAddress(), true).send());
        assertFalse(asStranger.isOperator(stranger.getAddress()).send());

        // The owner adds the stranger: it may batch now.
        TransactionReceipt added = fx.batcherAs(owner).setOperator(stranger.getAddress(), true).send();
        var addedEvents = WithdrawalBatcher.getOperatorSetEvents(added);
        assertEquals(1, addedEvents.size());
        assertEquals(stranger.getAddress(), addedEvents.get(0).operator.toLowerCase());
        assertTrue(addedEvents.get(0).allowed);
        assertTrue(asStranger.isOperator(stranger.getAddress()).send());
        TransactionReceipt empty = asStranger.finalizeBatch(List.of()).send();
        assertTrue(empty.isStatusOK());
        var summary = WithdrawalBatcher.getBatchFinalizedEvents(empty);
        assertEquals(1, summary.size());
        assertEquals(BigInteger.ZERO, summary.get(0).items);

        // ... and removes it again: its batches revert again; the original operator is unaffected.
        TransactionReceipt removed = fx.batcherAs(owner).setOperator(stranger.getAddress(), false).send();
        assertFalse(WithdrawalBatcher.getOperatorSetEvents(removed).get(0).allowed);
        assertFalse(asStranger.isOperator(stranger.getAddress()).send());
        assertMinedAndReverted(() -> asStranger.finalizeBatch(List.of()).send());
        assertEquals(notOperator, fx.revertDataOfCall(stranger.getAddress(), batcher, finalize));
        assertTrue(fx.batcherAs(operator).finalizeBatch(List.of()).send().isStatusOK());
    }

    // --- 2. several withdrawals, one game, one transaction, shared nodes --------------------------------

    @Test
    void provesSeveralWithdrawalsFromSeveralBlocksInOneTransactionWithSharedNodes() throws Exception {
        List<InitiatedWithdrawal> initiated = new ArrayList<>();
        initiated.addAll(devnet.traffic().initiate(List.of(request(1), request(2)))); // two earlier blocks
        List<InitiatedWithdrawal> oneBlock = devnet.traffic().initiateInOneBlock(
                List.of(request(3), request(4), request(5)));
        assertEquals(1, oneBlock.stream().map(InitiatedWithdrawal::l2BlockNumber).distinct().count());
        initiated.addAll(oneBlock);
        assertEquals(3, initiated.stream().map(InitiatedWithdrawal::l2BlockNumber).distinct().count(),
                "withdrawals from three different blocks, three of them from the last");
        List<WithdrawalTransaction> txs = initiated.stream().map(InitiatedWithdrawal::transaction).toList();

        Proposer.ProposedGame game = fx.propose(oneBlock.get(0).l2BlockNumber());
        WithdrawalBatcherFixture.ProveBatch batch = fx.proveBatchFor(game.l2BlockNumber(), txs);
        assertTrue(batch.nodes().size() < batch.referencedNodes(),
                batch.nodes().size() + " distinct nodes for " + batch.referencedNodes() + " proof nodes");

        TransactionReceipt receipt = fx.proveBatch(game, batch);

        assertTrue(receipt.isStatusOK());
        BigInteger provenAt = fx.blockTimestamp(receipt);
        for (WithdrawalTransaction tx : txs) {
            Tuple2<String, BigInteger> proven = fx.proven(tx, fx.batcherAddress());
            assertEquals(game.address().toLowerCase(), proven.component1().toLowerCase(), "game of " + tx);
            assertEquals(provenAt, proven.component2(), "proof timestamp of " + tx);
            assertEquals(BigInteger.ZERO, fx.proven(tx, DevnetAccounts.service().getAddress()).component2(),
                    "the portal records the batcher, not its operator, as proof submitter");
            assertEquals(BigInteger.ONE, devnet.portalReader().numProofSubmitters(tx.hash()).send());
        }
        assertItemResults(receipt, txs, List.of(DONE, DONE, DONE, DONE, DONE));
        assertTrue(WithdrawalBatcher.getProveItemResultEvents(receipt).isEmpty(), "no item event for items done");
        assertBatchProven(receipt, game, 5, 5, 0, 0);
    }

    // --- 3. no re-prove -----------------------------------------------------------------------------

    @Test
    void provingAgainSkipsAndKeepsTheProofTimestamp() throws Exception {
        List<WithdrawalTransaction> txs = devnet.traffic().initiateInOneBlock(List.of(request(11), request(12)))
                .stream().map(InitiatedWithdrawal::transaction).toList();
        Proposer.ProposedGame game = fx.propose(devnet.l2().ethBlockNumber().send().getBlockNumber());
        WithdrawalBatcherFixture.ProveBatch batch = fx.proveBatchFor(game.l2BlockNumber(), txs);
        TransactionReceipt first = fx.proveBatch(game, batch);
        assertItemResults(first, txs, List.of(DONE, DONE));
        BigInteger firstProofAt = fx.blockTimestamp(first);

        devnet.warpL1(3_600);
        TransactionReceipt again = fx.proveBatch(game, batch);

        assertTrue(again.isStatusOK());
        assertTrue(fx.blockTimestamp(again).compareTo(firstProofAt.add(BigInteger.valueOf(3_600))) >= 0);
        assertItemResults(again, txs, List.of(ALREADY_DONE, ALREADY_DONE));
        assertBatchProven(again, game, 2, 0, 2, 0);
        for (WithdrawalTransaction tx : txs) {
            Tuple2<String, BigInteger> proven = fx.proven(tx, fx.batcherAddress());
            assertEquals(game.address().toLowerCase(), proven.component1().toLowerCase());
            assertEquals(firstProofAt, proven.component2(), "the maturity clock is not restarted");
        }

        // Not against a newer game either: the proof still points at the first game, with its first timestamp.
        devnet.traffic().initiate(request(13));
        Proposer.ProposedGame newer = fx.propose(devnet.l2().ethBlockNumber().send().getBlockNumber());
        TransactionReceipt againstNewer = fx.proveBatch(newer, fx.proveBatchFor(newer.l2BlockNumber(), txs));
        assertItemResults(againstNewer, txs, List.of(ALREADY_DONE, ALREADY_DONE));
        assertBatchProven(againstNewer, newer, 2, 0, 2, 0);
        for (WithdrawalTransaction tx : txs) {
            Tuple2<String, BigInteger> proven = fx.proven(tx, fx.batcherAddress());
            assertEquals(game.address().toLowerCase(), proven.component1().toLowerCase());
            assertEquals(firstProofAt, proven.component2());
            assertEquals(BigInteger.ONE, devnet.portalReader().numProofSubmitters(tx.hash()).send());
        }
    }

    // --- 4. a failing item never reverts the batch --------------------------------------------------

    @Test
    void badItemsFailWithAReasonWhileGoodItemsOfTheSameBatchAreProven() throws Exception {
        List<WithdrawalTransaction> txs = devnet.traffic().initiateInOneBlock(
                List.of(request(21), request(22), request(23), request(24), request(25))).stream()
                .map(InitiatedWithdrawal::transaction).toList();
        WithdrawalTransaction good1 = txs.get(0);
        WithdrawalTransaction wrongNodes = txs.get(1);
        WithdrawalTransaction source = txs.get(2);
        WithdrawalTransaction badIndex = txs.get(3);
        WithdrawalTransaction good2 = txs.get(4);
        WithdrawalTransaction tampered = new WithdrawalTransaction(source.nonce(), source.sender(), source.target(),
                source.value().add(BigInteger.ONE), source.gasLimit(), source.data());

        Proposer.ProposedGame game = fx.propose(devnet.l2().ethBlockNumber().send().getBlockNumber());
        WithdrawalBatcherFixture.ProveBatch honest = fx.proveBatchFor(game.l2BlockNumber(), txs);
        List<WithdrawalBatcher.ProveItem> h = honest.items();
        int pastTheEnd = honest.nodes().size();
        byte[] indexesPastTheEnd = h.get(3).nodeIndexes.clone();
        indexesPastTheEnd[indexesPastTheEnd.length - 2] = (byte) (pastTheEnd >>> 8);
        indexesPastTheEnd[indexesPastTheEnd.length - 1] = (byte) pastTheEnd;
        List<WithdrawalBatcher.ProveItem> items = List.of(
                h.get(0),
                // wrongNodes' transaction with the proof of another withdrawal's slot
                new WithdrawalBatcher.ProveItem(h.get(1).tx, h.get(2).nodeIndexes),
                // a withdrawal never initiated: source's fields with one more wei, and source's proof
                new WithdrawalBatcher.ProveItem(WithdrawalBatcherFixture.toBatcherStruct(tampered),
                        h.get(2).nodeIndexes),
                // badIndex's last node index points one past the shared node list
                new WithdrawalBatcher.ProveItem(h.get(3).tx, indexesPastTheEnd),
                h.get(4));

        TransactionReceipt receipt = fx.proveBatch(game,
                new WithdrawalBatcherFixture.ProveBatch(honest.nodes(), items, honest.proofs()));

        assertTrue(receipt.isStatusOK(), "one failing item never reverts the batch");
        List<WithdrawalTransaction> sent = List.of(good1, wrongNodes, tampered, badIndex, good2);
        assertItemResults(receipt, sent, List.of(DONE, FAILED, FAILED, FAILED, DONE));
        assertBatchProven(receipt, game, 5, 2, 0, 3);
        // only the three failed items have an item event, in item order
        var results = WithdrawalBatcher.getProveItemResultEvents(receipt);
        assertEquals(3, results.size());

        Set<String> trieRejections = Set.of("OptimismPortal: invalid withdrawal inclusion proof",
                "MerkleTrie: invalid root hash", "MerkleTrie: invalid large internal hash",
                "MerkleTrie: invalid internal node hash", "MerkleTrie: path remainder must share all nibbles with key",
                "MerkleTrie: key remainder must be identical to path remainder",
                "MerkleTrie: value length must be greater than zero (leaf)", "MerkleTrie: ran out of proof elements",
                "MerkleTrie: value node must be last node in proof (leaf)");
        String wrongNodesReason = errorString(results.get(0).reason);
        String tamperedReason = errorString(results.get(1).reason);
        assertTrue(trieRejections.contains(wrongNodesReason), "wrong nodes rejected by the trie: " + wrongNodesReason);
        assertTrue(trieRejections.contains(tamperedReason), "tampered value rejected by the trie: " + tamperedReason);
        assertEquals(customError("BadNodeIndex(uint256)", new Uint256(3)), Numeric.toHexString(results.get(2).reason));

        for (WithdrawalTransaction tx : List.of(good1, good2)) {
            Tuple2<String, BigInteger> proven = fx.proven(tx, fx.batcherAddress());
            assertEquals(game.address().toLowerCase(), proven.component1().toLowerCase());
            assertEquals(fx.blockTimestamp(receipt), proven.component2());
        }
        for (WithdrawalTransaction tx : List.of(wrongNodes, tampered, badIndex)) {
            assertEquals(BigInteger.ZERO, fx.proven(tx, fx.batcherAddress()).component2(), "not proven: " + tx);
            assertEquals(BigInteger.ZERO, devnet.portalReader().numProofSubmitters(tx.hash()).send());
        }
        // The honest proofs of the failed items were fine: proving them now works.
        TransactionReceipt retry = fx.proveBatch(game, fx.proveBatchFor(game.l2BlockNumber(),
                List.of(wrongNodes, badIndex, good1)));
        assertItemResults(retry, List.of(wrongNodes, badIndex, good1), List.of(DONE, DONE, ALREADY_DONE));
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static WithdrawalRequest request(int n) {
        targetCounter++;
        String target = String.format("0x%040x", 0xb0_0000L + n * 1000L + targetCounter);
        return WithdrawalRequest.eth(target, BigInteger.valueOf(1_000_000_000_000_000L * n));
    }

    private void assertItemResults(TransactionReceipt receipt, List<WithdrawalTransaction> txs,
            List<BigInteger> outcomes) {
        BatchItemRecords.assertOutcomes(receipt, true, fx.batcherAddress(), devnet.deployment().optimismPortal(), txs,
                outcomes);
    }

    private static void assertBatchProven(TransactionReceipt receipt, Proposer.ProposedGame game, int items,
            int proven, int skipped, int failed) {
        var summaries = WithdrawalBatcher.getBatchProvenEvents(receipt);
        assertEquals(1, summaries.size());
        var s = summaries.get(0);
        assertEquals(game.index(), s.disputeGameIndex);
        assertEquals(List.of(items, proven, skipped, failed),
                List.of(s.items.intValue(), s.proven.intValue(), s.skipped.intValue(), s.failed.intValue()),
                "items, proven, skipped, failed");
    }

    private static void assertMinedAndReverted(org.junit.jupiter.api.function.Executable send) {
        TransactionException e = assertThrows(TransactionException.class, send);
        assertTrue(e.getTransactionReceipt().isPresent(), "the reverting transaction was mined");
        assertFalse(e.getTransactionReceipt().get().isStatusOK());
    }
}
