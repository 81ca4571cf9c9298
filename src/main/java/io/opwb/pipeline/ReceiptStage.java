package io.opwb.pipeline;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.chain.CallOutcome;
import io.opwb.chain.RpcErrorKind;
import io.opwb.indexing.L1PortalIndexer;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchItemEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.IndexerCheckpointEntity;
import io.opwb.storage.ItemOutcome;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.TransactionStatus;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.submission.BroadcastResult;
import io.opwb.submission.FeeRefusal;
import io.opwb.submission.SubmissionConfig;
import io.opwb.submission.TxManager;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Follows sent batches to their receipts: a batch recorded but never broadcast (a crash) is
 * broadcast again; a mined one, once buried under the configured confirmations, gets each item's
 * outcome from the batcher's events and the portal's, and its withdrawals move on.
 */
@ApplicationScoped
public class ReceiptStage {

    private static final Logger LOG = Logger.getLogger(ReceiptStage.class);

    private final Tx tx;
    private final TxManager txManager;
    private final SubmissionConfig submission;
    private final PipelineConfig config;
    private final io.opwb.chain.Chains chains;
    private final CrashPoints crashPoints;
    private final BatchMetrics metrics;
    private final io.opwb.chain.ChainClients l1;
    /** When a reorg reopened a batch. In memory only: after a restart its transaction counts as old. */
    private final Map<Long, OffsetDateTime> reopenedAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** Why a stuck batch transaction was last not replaced, so that each refusal is logged once. */
    private final Map<Long, FeeRefusal> replacementRefused = new java.util.concurrent.ConcurrentHashMap<>();

    private final WithdrawalRepository withdrawals;

    public ReceiptStage(Tx tx, TxManager txManager, SubmissionConfig submission, PipelineConfig config,
            io.opwb.chain.Chains chains, CrashPoints crashPoints, BatchMetrics metrics, io.opwb.chain.ChainClients l1, WithdrawalRepository withdrawals) {
        this.withdrawals = withdrawals;
        this.l1 = l1;
        this.tx = tx;
        this.txManager = txManager;
        this.submission = submission;
        this.config = config;
        this.chains = chains;
        this.crashPoints = crashPoints;
        this.metrics = metrics;
    }

    /** Returns the batches completed in this run. */
    @WithSpan("receipts.follow")
    public List<BatchEntity> run() throws Exception {
        reopenReorged();
        List<BatchEntity> open = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from BatchEntity where status in :open order by id", BatchEntity.class)
                .setParameter("open", List.of(BatchStatus.SIGNED, BatchStatus.SUBMITTED)).getResultList()));
        List<BatchEntity> done = new java.util.ArrayList<>();
        BigInteger head = open.isEmpty() ? BigInteger.ZERO : txManager.head();
        Map<Long, Long> l1Indexed = new HashMap<>();
        for (BatchEntity batch : open) {
            // Each batch on its own: one that cannot be followed now (a node error, anything odd in its
            // receipt) is tried again next cycle and never keeps the others from completing.
            try {
                follow(batch, head, l1Indexed).ifPresent(done::add);
            } catch (Exception e) {
                LOG.warnf("batch #%d: could not be followed this cycle (tried again next cycle): %s", batch.id,
                        e.toString());
            }
        }
        return done;
    }

    private java.util.Optional<BatchEntity> follow(BatchEntity batch, BigInteger head, Map<Long, Long> l1Indexed)
            throws Exception {
        if (BatchStatus.SIGNED.equals(batch.status)) {
            rebroadcast(batch);
            return java.util.Optional.empty();
        }
        List<L1TransactionEntity> attempts = attempts(batch.id);
        var receipt = minedAttempt(attempts);
        if (receipt.isEmpty()) {
            unstick(batch, attempts);
            return java.util.Optional.empty();
        }
        TransactionReceipt r = receipt.get();
        if (head.subtract(r.getBlockNumber()).add(BigInteger.ONE).compareTo(BigInteger.valueOf(submission.confirmations())) < 0) {
            return java.util.Optional.empty();
        }
        // Wait until the L1 indexer has read the receipt's block too, so that the status rules,
        // which run next, see the proofs and finalizations this batch made.
        if (r.getBlockNumber().longValueExact() > l1Indexed.computeIfAbsent(batch.l2ChainId, this::l1IndexedUpTo)) {
            return java.util.Optional.empty();
        }
        crashPoints.reach(CrashPoints.AFTER_RECEIPT);
        return java.util.Optional.of(complete(batch, r));
    }

    /**
     * A completed batch whose block is not final yet is checked again: if a reorg took its
     * transaction out of the chain, or moved it to another block, the batch is open again, its
     * withdrawals back in flight, and it is followed like a new one: the same signed transaction
     * is broadcast again if the node lost it, never one with a new nonce.
     */
    private void reopenReorged() throws Exception {
        long finalized = txManager.finalizedBlock().longValueExact();
        List<BatchEntity> recent = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from BatchEntity where status in :mined and l1BlockNumber > :f order by id", BatchEntity.class)
                .setParameter("mined", List.of(BatchStatus.CONFIRMED, BatchStatus.REVERTED))
                .setParameter("f", finalized).getResultList()));
        for (BatchEntity batch : recent) {
            var receipt = txManager.receipt(Numeric.toHexString(batch.txHash));
            if (receipt.isPresent() && receipt.get().getBlockNumber().longValueExact() == batch.l1BlockNumber) {
                continue;
            }
            LOG.warnf("batch #%d: a reorg %s; following it again", batch.id, receipt.isPresent()
                    ? "moved its transaction from L1 block " + batch.l1BlockNumber + " to " + receipt.get().getBlockNumber()
                    : "took its transaction out of L1 block " + batch.l1BlockNumber);
            tx.inTransaction(() -> reopen(batch.id));
            reopenedAt.put(batch.id, OffsetDateTime.now());
        }
    }

    private Uni<Void> reopen(long batchId) {
        return Panache.getSession().chain(s -> s.find(BatchEntity.class, batchId).chain(b -> {
            boolean prove = b.kind == BatchKind.PROVE;
            b.status = BatchStatus.SUBMITTED;
            b.gasUsed = null;
            b.gasSaved = null;
            b.l1BlockNumber = null;
            b.confirmedAt = null;
            WithdrawalStatus inFlight = WithdrawalStatus.inFlight(prove);
            return s.createMutationQuery(
                    "update BatchItemEntity set outcome = null, reason = null, logIndex = null where batchId = :b")
                    .setParameter("b", b.id).executeUpdate()
                    .chain(() -> s.createMutationQuery(
                            "update L1TransactionEntity set status = :signed where batchId = :b and status = :mined")
                            .setParameter("signed", TransactionStatus.SIGNED).setParameter("mined", TransactionStatus.MINED)
                            .setParameter("b", b.id).executeUpdate())
                    .chain(() -> s.createSelectionQuery("from WithdrawalEntity where l2ChainId = :c and "
                            + (prove ? "proveBatchId" : "finalizeBatchId") + " = :b", WithdrawalEntity.class)
                            .setParameter("c", b.l2ChainId)
                            .setParameter("b", b.id).getResultList())
                    .invoke(ws -> ws.forEach(w -> w.setStatus(inFlight, ReasonCode.IN_BATCH_AFTER_REORG,
                            "in batch #" + b.id + " again: a reorg took its transaction out of its L1 block")));
        })).replaceWithVoid();
    }

    private List<L1TransactionEntity> attempts(long batchId) {
        return tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from L1TransactionEntity where batchId = :b order by id", L1TransactionEntity.class)
                .setParameter("b", batchId).getResultList()));
    }

    /** A replacement or the original: whichever of a batch's attempts was mined. */
    private java.util.Optional<TransactionReceipt> minedAttempt(List<L1TransactionEntity> attempts) throws Exception {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            var receipt = txManager.receipt(Numeric.toHexString(attempts.get(i).txHash));
            if (receipt.isPresent()) {
                return receipt;
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A batch transaction not mined yet: broadcast again if the node dropped it; replace it with
     * higher fees (same nonce) when it is priced under the next block's base fee or has waited
     * longer than {@code opwb.submission.replace-after}; past the replacement limits (the cap, the
     * multiple of the first attempt's fee, the most replacements) or with fees not believed, it waits.
     */
    private void unstick(BatchEntity batch, List<L1TransactionEntity> attempts) throws Exception {
        if (attempts.isEmpty()) {
            return;
        }
        L1TransactionEntity latest = attempts.get(attempts.size() - 1);
        String hash = Numeric.toHexString(latest.txHash);
        boolean underpriced = latest.maxFeePerGas.toBigInteger().compareTo(txManager.nextBaseFee()) < 0;
        // A reopened batch's transaction went back to the node just now: its wait starts again.
        OffsetDateTime since = reopenedAt.getOrDefault(batch.id, latest.createdAt);
        boolean old = java.time.Duration.between(since, OffsetDateTime.now()).compareTo(submission.replaceAfter()) >= 0;
        if (!underpriced && !old) {
            if (!txManager.known(hash)) {
                String error = txManager.rebroadcast(Numeric.toHexString(latest.raw)).refusal();
                LOG.infof("batch #%d: the node had dropped %s; broadcast again%s", batch.id, hash,
                        error == null ? "" : " (refused: " + error + ")");
            }
            return;
        }
        var replacement = txManager.replacement(Numeric.toHexString(latest.raw));
        if (replacement.isRefused()) {
            // Logged when the refusal begins or its reason changes; it is asked again every cycle.
            if (replacementRefused.put(batch.id, replacement.refusal()) != replacement.refusal()) {
                LOG.warnf("batch #%d: %s is %s and is left to wait as it is, not replaced: %s", batch.id, hash,
                        underpriced ? "under the base fee" : "not mined in time", replacement.reason());
            }
            return;
        }
        replacementRefused.remove(batch.id);
        var next = replacement.transaction();
        tx.inTransaction(() -> txManager.record(next, batch.id)
                .chain(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, batch.id)))
                .invoke(b -> b.txHash = Numeric.hexStringToByteArray(next.hash())).replaceWithVoid());
        BroadcastResult sent = txManager.broadcast(next);
        String error = sent.refusal();
        if (sent instanceof BroadcastResult.Refused refused && refused.kind() == RpcErrorKind.NONCE_TOO_LOW
                && minedAttempt(attempts(batch.id)).isEmpty()) {
            // Another transaction took our nonce: this batch will never be mined; its items go back.
            LOG.warnf("batch #%d: its nonce %d was used by another transaction; its withdrawals return to the queue",
                    batch.id, latest.nonce);
            tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, batch.id).chain(b -> {
                b.status = BatchStatus.DROPPED;
                return s.createSelectionQuery("from BatchItemEntity where batchId = :b", BatchItemEntity.class)
                        .setParameter("b", b.id).getResultList()
                        .chain(items -> returnUncharged(b, items,
                                "its transaction's nonce was used by another transaction; nothing was charged to its items"));
            })));
            return;
        }
        LOG.infof("batch #%d: replaced %s%s with %s (nonce %d, max fee %s -> %s wei, tip %s -> %s)%s", batch.id, hash,
                underpriced ? " (under the base fee)" : " (not mined in time)", next.hash(), next.nonce(),
                latest.maxFeePerGas.toBigInteger(), next.maxFeePerGas(), latest.maxPriorityFee.toBigInteger(),
                next.maxPriorityFeePerGas(), error == null ? "" : "; broadcast refused: " + error);
    }

    /** How far the L1 indexer of that chain has read. */
    private long l1IndexedUpTo(long l2ChainId) {
        String name = io.opwb.indexing.LogIndexer.checkpointName(L1PortalIndexer.KIND, l2ChainId);
        IndexerCheckpointEntity checkpoint = tx.read(() -> Panache.getSession()
                .chain(s -> s.find(IndexerCheckpointEntity.class, name)));
        return checkpoint == null ? -1 : checkpoint.nextBlock - 1;
    }

    private void rebroadcast(BatchEntity batch) throws Exception {
        List<L1TransactionEntity> attempts = attempts(batch.id);
        if (attempts.isEmpty()) {
            return;
        }
        String error = txManager.rebroadcast(Numeric.toHexString(attempts.get(attempts.size() - 1).raw)).refusal();
        if (error != null) {
            // Refused (underpriced, most likely): a replacement may be accepted.
            unstick(batch, attempts);
            List<L1TransactionEntity> now = attempts(batch.id); // with the replacement, if there is one
            boolean accepted = minedAttempt(now).isPresent()
                    || txManager.known(Numeric.toHexString(now.get(now.size() - 1).txHash));
            error = accepted ? null : error;
        }
        if (error == null) {
            tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, batch.id))
                    .invoke(b -> b.status = BatchStatus.SUBMITTED).replaceWithVoid());
            LOG.infof("batch #%d: broadcast again after a restart or refusal", batch.id);
        } else {
            LOG.warnf("batch #%d: broadcast still refused: %s", batch.id, error);
        }
    }

    private BatchEntity complete(BatchEntity batch, TransactionReceipt receipt) {
        reopenedAt.remove(batch.id);
        replacementRefused.remove(batch.id);
        boolean prove = batch.kind == BatchKind.PROVE;
        var contracts = chains.of(batch.l2ChainId).contracts();
        BatchReceiptEvents events = receipt.isStatusOK()
                ? BatchReceiptEvents.read(receipt, prove, contracts.batcherAddress(), contracts.portalAddress())
                : null;
        if (events != null && !events.ignored.isEmpty()) {
            LOG.warnf("batch #%d: ignored in its receipt: %s", batch.id, String.join("; ", events.ignored));
        }
        String revertCause = receipt.isStatusOK() ? null : wholeRevertCause(batch, receipt);
        BatchEntity updated = tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, batch.id)
                .chain(b -> {
                    b.status = receipt.isStatusOK() ? BatchStatus.CONFIRMED : BatchStatus.REVERTED;
                    b.txHash = Numeric.hexStringToByteArray(receipt.getTransactionHash());
                    b.gasUsed = receipt.getGasUsed().longValueExact();
                    b.l1BlockNumber = receipt.getBlockNumber().longValueExact();
                    b.confirmedAt = OffsetDateTime.now();
                    return s.createSelectionQuery("from BatchItemEntity where batchId = :b", BatchItemEntity.class)
                            .setParameter("b", b.id).getResultList()
                            .chain(items -> itemOutcomes(b, items, events, revertCause)
                                    .invoke(() -> b.gasSaved = gasSaved(items, b.gasUsed)))
                            .chain(() -> s.createMutationQuery(
                                    "update L1TransactionEntity set status = :mined where txHash = :h")
                                    .setParameter("mined", TransactionStatus.MINED)
                                    .setParameter("h", b.txHash).executeUpdate())
                            .replaceWith(b);
                })));
        long perItem = updated.itemCount == 0 ? 0 : updated.gasUsed / updated.itemCount;
        long succeeded = events == null ? 0 : events.outcomes.values().stream().filter(o -> o.outcome() == ItemOutcome.DONE).count();
        metrics.completed(updated.l2ChainId, updated.kind, updated.gasUsed, succeeded, updated.gasSaved);
        Span.current().addEvent("batch completed", io.opentelemetry.api.common.Attributes.of(
                io.opentelemetry.api.common.AttributeKey.longKey("opwb.batch.id"), updated.id,
                io.opentelemetry.api.common.AttributeKey.longKey("opwb.batch.gas_used"), updated.gasUsed));
        LOG.infof("batch #%d %s on %s: %d withdrawals (%d done), gas used %,d = %,d per withdrawal, L1 block %d%s",
                updated.id, updated.kind, metrics.chainName(updated.l2ChainId), updated.itemCount, succeeded, updated.gasUsed, perItem,
                updated.l1BlockNumber, receipt.isStatusOK() ? "" : " — REVERTED");
        return updated;
    }

    private Uni<Void> itemOutcomes(BatchEntity b,
            List<BatchItemEntity> items, BatchReceiptEvents events, String revertCause) {
        if (events == null) {
            LOG.warnf("batch #%d reverted as a whole: %s", b.id, revertCause);
            return returnUncharged(b, items, "the batch transaction reverted as a whole (" + revertCause
                    + "); nothing was charged to its items");
        }
        return applyOutcomes(b, items, events).chain(() -> recordMessageRelays(b.l2ChainId, items, events.messageRelayed));
    }

    /** What one transaction per step would have cost for the items this batch did, less what it cost. */
    static Long gasSaved(List<BatchItemEntity> items, long gasUsed) {
        long solo = 0;
        boolean any = false;
        for (BatchItemEntity item : items) {
            if (item.outcome == ItemOutcome.DONE) {
                if (item.soloGas == null) {
                    return null;
                }
                solo += item.soloGas;
                any = true;
            }
        }
        return any ? solo - gasUsed : null;
    }

    /** Each item's outcome as our batcher reported it; a missing result is a failed attempt. */
    private Uni<Void> applyOutcomes(BatchEntity batch, List<BatchItemEntity> items, BatchReceiptEvents events) {
        boolean prove = batch.kind == BatchKind.PROVE;
        String batcher = chains.of(batch.l2ChainId).contracts().batcherAddress();
        for (BatchItemEntity item : items) {
            var result = events.outcomes.getOrDefault(Numeric.toHexString(item.withdrawalHash),
                    new BatchReceiptEvents.ItemResult(ItemOutcome.FAILED,
                            "the transaction has neither the portal's event nor our batcher's item result for it", null));
            item.outcome = result.outcome();
            item.reason = result.reason();
            item.logIndex = result.logIndex();
        }
        int maxAttempts = config.maxAttempts();
        return forEachWithdrawal(batch, items, (w, item) -> OutcomeRules.apply(w, new OutcomeRules.Mined(batch.id,
                prove, item.outcome, item.reason,
                events.targetCallSucceeded.getOrDefault(Numeric.toHexString(w.withdrawalHash), true)), batcher, maxAttempts));
    }

    /**
     * The batch did nothing for any item, for a reason that is none of theirs (the transaction
     * reverted as a whole, or its nonce went to another transaction): back to ready, no attempt used.
     */
    private Uni<Void> returnUncharged(BatchEntity batch, List<BatchItemEntity> items, String reason) {
        boolean prove = batch.kind == BatchKind.PROVE;
        for (BatchItemEntity item : items) {
            item.outcome = ItemOutcome.FAILED;
            item.reason = reason;
        }
        return forEachWithdrawal(batch, items, (w, item) -> OutcomeRules.returnUncharged(w, batch.id, prove, reason));
    }

    private Uni<Void> forEachWithdrawal(BatchEntity batch,
            List<BatchItemEntity> items, java.util.function.BiConsumer<WithdrawalEntity, BatchItemEntity> apply) {
        Map<String, BatchItemEntity> byHash = new HashMap<>();
        items.forEach(i -> byHash.put(Numeric.toHexString(i.withdrawalHash), i));
        return withdrawals.findByHashes(batch.l2ChainId, items.stream().map(i -> i.withdrawalHash).toList())
                .invoke(ws -> ws.forEach(w -> {
                    if (!inNewerBatch(w, batch.id)) { // else this batch was reopened by a reorg; the newer one decides
                        apply.accept(w, byHash.get(Numeric.toHexString(w.withdrawalHash)));
                    }
                })).replaceWithVoid();
    }

    /**
     * Why a batch transaction reverted as a whole. Per-item failures are caught inside our batcher, so
     * a whole revert is the batch's or the system's (out of gas, our key no longer an operator, a paused
     * portal), never one item's: replayed at its block to read the reason.
     */
    private String wholeRevertCause(BatchEntity batch, TransactionReceipt receipt) {
        if (batch.gasLimit != null && receipt.getGasUsed() != null
                && receipt.getGasUsed().longValue() >= batch.gasLimit * 63 / 64) {
            return "it ran out of gas: " + receipt.getGasUsed() + " of " + batch.gasLimit;
        }
        try {
            var sent = l1.l1().ethGetTransactionByHash(receipt.getTransactionHash()).send().getTransaction();
            if (sent.isEmpty()) {
                return "its cause is unknown: the node no longer has the transaction";
            }
            var call = org.web3j.protocol.core.methods.request.Transaction.createFunctionCallTransaction(
                    sent.get().getFrom(), null, null, sent.get().getGas(), sent.get().getTo(), sent.get().getValue(),
                    sent.get().getInput());
            CallOutcome replay = CallOutcome.of(l1.l1().ethCall(call, org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                    receipt.getBlockNumber().subtract(BigInteger.ONE))).send());
            return replay instanceof CallOutcome.Failed failed ? failed.reason()
                    : replay instanceof CallOutcome.NoVerdict none ? "its cause is unknown: " + none.reason()
                    : "its cause is unknown: replayed before its block, it passes";
        } catch (Exception e) {
            return "its cause is unknown: " + e.getMessage();
        }
    }

    /** For finalized messenger messages: whether the L1 messenger relayed them or recorded them as failed. */
    private Uni<Void> recordMessageRelays(long l2ChainId,
            List<BatchItemEntity> items, Map<String, Boolean> messageRelayed) {
        if (messageRelayed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<byte[]> done = items.stream().filter(i -> i.outcome == ItemOutcome.DONE).map(i -> i.withdrawalHash).toList();
        if (done.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return withdrawals.findByHashes(l2ChainId, done).invoke(ws -> ws.forEach(w -> {
                    // The message went to the withdrawal's target: the L1 messenger that must have emitted the event.
                    Boolean relayed = messageRelayed.get(BatchReceiptEvents.relayKey(Numeric.toHexString(w.target),
                            org.web3j.crypto.Hash.sha3(w.data)));
                    if (relayed == null) {
                        return;
                    }
                    w.messageRelay = io.opwb.storage.MessageRelay.of(relayed);
                    if (!relayed) {
                        w.setReasonText(w.statusReason + "; the L1 messenger recorded its message as failed: "
                                + "anyone can replay it by calling L1CrossDomainMessenger.relayMessage with this "
                                + "withdrawal's data");
                    }
                })).replaceWithVoid();
    }

    private static boolean inNewerBatch(WithdrawalEntity w, long batchId) {
        return (w.proveBatchId != null && w.proveBatchId > batchId)
                || (w.finalizeBatchId != null && w.finalizeBatchId > batchId);
    }
}
