package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.PermissionedDisputeGame;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.SignerNonceEntity;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.ReorgDevnetTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * L1 reorgs that remove our batch transactions, shallower and deeper than the receipt
 * confirmations, with the transaction dropped (anvil does not return it to its pool) or mined again
 * by the new branch (what a real node usually does). In every case the withdrawals end proven once
 * and finalized once on the final chain, and the signer's nonces have neither gap nor reuse.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(ReorgDevnetTestResource.class)
class L1ReorgTest {

    private static final int CONFIRMATIONS = ReorgDevnetTestResource.CONFIRMATIONS;

    @Inject
    PipelineCycle pipeline;

    @Inject
    Tx tx;

    @Test
    void aBatchReorgedOutBeforeItsConfirmationsIsSentAgainOrFollowedToItsNewBlock() throws Exception {
        List<InitiatedWithdrawal> ws = initiate(3, 51);
        Map<String, BigInteger> before = balances(ws);

        BatchEntity prove = sendProveBatch(ws);
        mine(1);
        cycle();
        assertEquals(BatchStatus.SUBMITTED, batch(prove.id).status, "not buried deep enough yet");
        reorg(2, Map.of()); // the batch's block and the next one; anvil drops the transaction
        assertTrue(receiptBlock(prove) < 0, "gone from the chain");
        cycle();
        assertSameTransactionMined(prove);
        confirm(prove);

        BatchEntity finalize = sendFinalizeBatch(ws);
        mine(1);
        cycle();
        reorg(2, Map.of(raw(finalize), 1)); // the new branch mines it again, one block later
        cycle();
        assertEquals(BatchStatus.SUBMITTED, batch(finalize.id).status);
        confirm(finalize);
        assertEquals(blockOf(finalize) + 1, batch(finalize.id).l1BlockNumber, "followed to its new block");

        assertDoneOnceOnChain(ws, before);
    }

    @Test
    void aConfirmedBatchReorgedOutDeeperThanItsConfirmationsIsSentAgain() throws Exception {
        List<InitiatedWithdrawal> ws = initiate(3, 52);
        Map<String, BigInteger> before = balances(ws);

        BatchEntity prove = sendProveBatch(ws);
        confirm(prove);
        assertStatuses(ws, "PROVEN_MATURING");
        mine(2);
        cycle();
        deepReorg(prove, Map.of());
        cycle(); // the indexer rolls the proofs back; the batch is reopened and its transaction sent again
        assertEquals(BatchStatus.SUBMITTED, batch(prove.id).status);
        assertStatuses(ws, "PROVING");
        assertSameTransactionMined(prove);
        confirm(prove);

        BatchEntity finalize = sendFinalizeBatch(ws);
        confirm(finalize);
        assertStatuses(ws, "FINALIZED");
        mine(2);
        cycle();
        deepReorg(finalize, Map.of());
        for (InitiatedWithdrawal w : ws) {
            assertTrue(!devnet().portalReader().finalizedWithdrawals(w.transaction().hash()).send(), "not finalized now");
        }
        cycle();
        assertStatuses(ws, "FINALIZING");
        assertSameTransactionMined(finalize);
        confirm(finalize);

        assertDoneOnceOnChain(ws, before);
    }

    @Test
    void aConfirmedBatchThatTheNewBranchMinesAgainIsFollowedThereAndNotSentTwice() throws Exception {
        List<InitiatedWithdrawal> ws = initiate(2, 53);
        Map<String, BigInteger> before = balances(ws);

        BatchEntity prove = sendProveBatch(ws);
        confirm(prove);
        mine(2);
        cycle();
        int depth = deepReorg(prove, Map.of(raw(prove), 2)); // back in the chain, two blocks later
        cycle();
        confirm(prove);
        assertEquals(blockOf(prove) + 2, batch(prove.id).l1BlockNumber, "followed to its new block");
        assertEquals(1, attempts(prove.id).size(), "nothing new signed");
        assertTrue(depth > CONFIRMATIONS);

        BatchEntity finalize = sendFinalizeBatch(ws);
        confirm(finalize);
        assertDoneOnceOnChain(ws, before);
    }

    @Test
    void aReorgThatUndoesTheGamesResolutionAndAFinalizationByAnotherPartyIsFollowed() throws Exception {
        List<InitiatedWithdrawal> ws = initiate(2, 54);
        Map<String, BigInteger> before = balances(ws);
        BatchEntity prove = sendProveBatch(ws);
        confirm(prove);

        var clocks = devnet().options().clocks();
        // The proof matures and the game's clock runs out before the fork: only the resolution follows it.
        devnet().warpL1(Math.max(clocks.proofMaturityDelay(), clocks.maxClockDuration()) + 1);
        cycle();
        long fork = head();
        String game = devnet().portalReader().provenWithdrawals(ws.get(0).transaction().hash(),
                devnet().deployment().withdrawalBatcher()).send().component1();
        resolve(game);
        devnet().warpL1(clocks.disputeGameFinalityDelay() + 1);
        for (InitiatedWithdrawal w : ws) { // someone else finalizes them, with our proof
            outsider().finalizeWithdrawalTransactionExternalProof(w.transaction().toPortalStruct(),
                    devnet().deployment().withdrawalBatcher()).send();
        }
        cycle();
        assertStatuses(ws, "FINALIZED");
        mine(1);
        cycle();

        reorg((int) (head() - fork), Map.of()); // the resolution and the finalizations are gone
        devnet().warpL1(clocks.disputeGameFinalityDelay() + 1); // the new branch's clock moves on as far
        assertEquals(BigInteger.ZERO, gameStatus(game), "game in progress again");
        cycle();
        assertStatuses(ws, "PROVEN_MATURING"); // not READY_TO_FINALIZE: the game is unresolved now
        assertTrue(reason(ws.get(0)).contains("has not resolved"), reason(ws.get(0)));

        resolve(game);
        devnet().warpL1(clocks.disputeGameFinalityDelay() + 1);
        long last = lastBatchId();
        cycle();
        confirm(newBatch(last, BatchKind.FINALIZE));
        assertDoneOnceOnChain(ws, before);
    }

    // ---- driving the service and the chain

    private static void resolve(String game) throws Exception {
        var g = PermissionedDisputeGame.load(game, devnet().l1(), outsiderTransactions(), outsiderGas());
        g.resolveClaim(BigInteger.ZERO, BigInteger.ZERO).send();
        g.resolve().send();
    }

    private static BigInteger gameStatus(String game) throws Exception {
        return PermissionedDisputeGame.load(game, devnet().l1(), outsiderTransactions(), outsiderGas()).status().send();
    }

    private static OptimismPortal2 outsider() {
        return OptimismPortal2.load(devnet().deployment().optimismPortal(), devnet().l1(), outsiderTransactions(),
                outsiderGas());
    }

    private static RawTransactionManager outsiderTransactions() {
        return new RawTransactionManager(devnet().l1(), DevnetAccounts.otherRelayer(), DevnetOptions.L1_CHAIN_ID,
                new PollingTransactionReceiptProcessor(devnet().l1(), 100, 300));
    }

    private static StaticEIP1559GasProvider outsiderGas() {
        return new StaticEIP1559GasProvider(DevnetOptions.L1_CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(1_000_000));
    }

    private static Devnet devnet() {
        return ReorgDevnetTestResource.devnet();
    }

    private void cycle() throws Exception {
        pipeline.runOnce();
    }

    private static void mine(int blocks) {
        for (int i = 0; i < blocks; i++) {
            devnet().l1Rpc().mine();
        }
    }

    private static void reorg(int depth, Map<String, Integer> reincluded) {
        devnet().l1Rpc().reorg(depth, reincluded);
    }

    /** Removes the batch's block and every block after it: deeper than the confirmations. */
    private int deepReorg(BatchEntity batch, Map<String, Integer> reincluded) throws Exception {
        int depth = (int) (head() - blockOf(batch) + 1);
        assertTrue(depth > CONFIRMATIONS, "deeper than the confirmations: " + depth);
        assertEquals(BatchStatus.CONFIRMED, batch(batch.id).status);
        reorg(depth, reincluded);
        return depth;
    }

    private static List<InitiatedWithdrawal> initiate(int count, long seed) {
        return devnet().traffic().initiate(TrafficGenerator.randomRequests(count, new SplittableRandom(seed)));
    }

    /** A game for the newest L2 block, then one cycle: the service proves against it at once. */
    private BatchEntity sendProveBatch(List<InitiatedWithdrawal> ws) throws Exception {
        devnet().proposer().proposeLatest();
        devnet().warpL1(1); // a proof in the game's own second could never be finalized
        long last = lastBatchId();
        cycle();
        BatchEntity sent = newBatch(last, BatchKind.PROVE);
        assertStatuses(ws, "PROVING");
        return sent;
    }

    /** Past the proof's maturity, the game resolved and final: one cycle sends the finalize batch. */
    private BatchEntity sendFinalizeBatch(List<InitiatedWithdrawal> ws) throws Exception {
        var clocks = devnet().options().clocks();
        devnet().warpL1(Math.max(clocks.proofMaturityDelay(), clocks.maxClockDuration()) + 1);
        devnet().resolver().resolveExpired();
        devnet().warpL1(clocks.disputeGameFinalityDelay() + 1);
        long last = lastBatchId();
        cycle();
        BatchEntity sent = newBatch(last, BatchKind.FINALIZE);
        assertStatuses(ws, "FINALIZING");
        return sent;
    }

    /** Buries the batch's receipt under the confirmations; the next cycle completes it. */
    private void confirm(BatchEntity batch) throws Exception {
        long block = awaitReceiptBlock(batch);
        mine((int) Math.max(0, block + CONFIRMATIONS - 1 - head()));
        cycle();
        BatchEntity done = batch(batch.id);
        assertEquals(BatchStatus.CONFIRMED, done.status, "batch #" + batch.id);
        assertEquals(block, done.l1BlockNumber);
    }

    private void assertSameTransactionMined(BatchEntity batch) throws Exception {
        List<L1TransactionEntity> attempts = attempts(batch.id);
        assertEquals(1, attempts.size(), "the same signed transaction, not a new one");
        assertArrayEquals(batch.txHash, attempts.get(0).txHash);
        assertTrue(receiptBlock(batch) >= 0, "mined again");
    }

    // ---- the chain's facts at the end

    private void assertDoneOnceOnChain(List<InitiatedWithdrawal> ws, Map<String, BigInteger> before) throws Exception {
        Devnet devnet = devnet();
        OptimismPortal2 portal = devnet.portalReader();
        String batcher = devnet.deployment().withdrawalBatcher();
        List<String> provenByUs = topics(OptimismPortal2.WITHDRAWALPROVENEXTENSION1_EVENT, batcher);
        List<String> finalized = topics(OptimismPortal2.WITHDRAWALFINALIZED_EVENT, null);
        for (InitiatedWithdrawal w : ws) {
            WithdrawalTransaction t = w.transaction();
            assertTrue(portal.finalizedWithdrawals(t.hash()).send(), "finalized: " + t.hashHex());
            assertNotEquals(BigInteger.ZERO, portal.provenWithdrawals(t.hash(), batcher).send().component2(),
                    "proven by our batcher");
            assertEquals(1, provenByUs.stream().filter(t.hashHex()::equals).count(), "proven once by us");
            assertEquals(1, finalized.stream().filter(t.hashHex()::equals).count(), "finalized once");
            assertEquals(before.get(t.target()).add(t.value()), balance(t.target()), "target paid once");
        }
        assertStatuses(ws, "FINALIZED");
        // Nonces: every one we recorded is mined, and nothing of ours waits in the pool.
        String signer = DevnetAccounts.service().getAddress();
        BigInteger mined = devnet.l1().ethGetTransactionCount(signer, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount();
        BigInteger pending = devnet.l1().ethGetTransactionCount(signer, DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
        SignerNonceEntity recorded = tx.read(() -> Panache.getSession().chain(s -> s.find(SignerNonceEntity.class,
                Numeric.hexStringToByteArray(signer))));
        assertEquals(mined, pending, "nothing stuck in the pool");
        assertEquals(mined.longValueExact(), recorded.nextNonce, "no gap, no reuse");
        long open = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select count(*) from BatchEntity where status in (io.opwb.storage.BatchStatus.SIGNED, io.opwb.storage.BatchStatus.SUBMITTED)", Long.class).getSingleResult()));
        assertEquals(0, open, "no batch left open");
    }

    /** The first indexed topic (the withdrawal hash) of the portal's events on the final chain. */
    private static List<String> topics(org.web3j.abi.datatypes.Event event, String secondTopicAddress) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST,
                devnet().deployment().optimismPortal());
        filter.addSingleTopic(EventEncoder.encode(event));
        if (secondTopicAddress != null) {
            filter.addNullTopic();
            filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(secondTopicAddress)));
        }
        List<String> hashes = new ArrayList<>();
        for (EthLog.LogResult<?> r : devnet().l1().ethGetLogs(filter).send().getLogs()) {
            hashes.add(((Log) r.get()).getTopics().get(1));
        }
        return hashes;
    }

    private static Map<String, BigInteger> balances(List<InitiatedWithdrawal> ws) throws Exception {
        Map<String, BigInteger> balances = new HashMap<>();
        for (InitiatedWithdrawal w : ws) {
            balances.put(w.transaction().target(), balance(w.transaction().target()));
        }
        return balances;
    }

    private static BigInteger balance(String address) throws Exception {
        return devnet().l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private static long head() throws Exception {
        return devnet().l1().ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    /** The block the batch's transaction is mined in. */
    private static long awaitReceiptBlock(BatchEntity batch) throws Exception {
        long block = receiptBlock(batch);
        // anvil mines a sent transaction at once, but its receipt can lag a moment on a loaded machine
        for (int i = 0; i < 50 && block < 0; i++) {
            Thread.sleep(100);
            block = receiptBlock(batch);
        }
        assertTrue(block >= 0, "batch #" + batch.id + " is mined");
        return block;
    }

    /** The block the batch's transaction is in now, or -1. */
    private static long receiptBlock(BatchEntity batch) throws Exception {
        return devnet().l1().ethGetTransactionReceipt(Numeric.toHexString(batch.txHash)).send().getTransactionReceipt()
                .map(r -> r.getBlockNumber().longValueExact()).orElse(-1L);
    }

    // ---- the service's records

    private void assertStatuses(List<InitiatedWithdrawal> ws, String status) {
        for (InitiatedWithdrawal w : ws) {
            WithdrawalEntity row = tx.read(() -> Panache.getSession()
                    .chain(s -> s.find(WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(w.transaction().hash()))));
            assertEquals(status, row.status.name(), w.transaction().hashHex() + ": " + row.statusReason);
        }
    }

    private String reason(InitiatedWithdrawal w) {
        return tx.read(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(w.transaction().hash()))))
                .statusReason;
    }

    private BatchEntity batch(long id) {
        return tx.read(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, id)));
    }

    private long lastBatchId() {
        Long id = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select max(id) from BatchEntity", Long.class).getSingleResult()));
        return id == null ? 0 : id;
    }

    /** The one batch sent since {@code lastId}, with the block it was mined in remembered. */
    private BatchEntity newBatch(long lastId, BatchKind kind) throws Exception {
        List<BatchEntity> sent = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from BatchEntity where id > :i", BatchEntity.class).setParameter("i", lastId).getResultList()));
        assertEquals(1, sent.size(), "one batch sent");
        BatchEntity batch = sent.get(0);
        assertEquals(kind, batch.kind);
        minedIn.put(batch.id, awaitReceiptBlock(batch));
        return batch;
    }

    private final Map<Long, Long> minedIn = new HashMap<>();

    /** The block the batch was first mined in. */
    private long blockOf(BatchEntity batch) {
        return minedIn.get(batch.id);
    }

    private List<L1TransactionEntity> attempts(long batchId) {
        return tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from L1TransactionEntity where batchId = :b order by id", L1TransactionEntity.class)
                .setParameter("b", batchId).getResultList()));
    }

    private String raw(BatchEntity batch) {
        return Numeric.toHexString(attempts(batch.id).get(0).raw);
    }
}
