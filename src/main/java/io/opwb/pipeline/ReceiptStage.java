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
import io.opwb.chain.RevertReasons;
import io.opwb.chain.RpcErrorKind;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.lifecycle.WithdrawalStatus;
import io.opwb.storage.BatchEntity;
import io.opwb.indexing.L1PortalIndexer;
import io.opwb.storage.BatchItemEntity;
import io.opwb.storage.IndexerCheckpointEntity;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
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
    static final String[] OUTCOMES = {"DONE", "ALREADY_DONE", "FAILED", "OUT_OF_GAS"};

    private final Tx tx;
    private final TxManager txManager;
    private final SubmissionConfig submission;
    private final PipelineConfig config;
    private final io.opwb.chain.Chains chains;
    private final CrashPoints crashPoints;
    private final BatchMetrics metrics;
    /** When a reorg reopened a batch. In memory only: after a restart its transaction counts as old. */
    private final Map<Long, OffsetDateTime> reopenedAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** Why a stuck batch transaction was last not replaced, so that each refusal is logged once. */
    private final Map<Long, FeeRefusal> replacementRefused = new java.util.concurrent.ConcurrentHashMap<>();

    public ReceiptStage(Tx tx, TxManager txManager, SubmissionConfig submission, PipelineConfig config,
            io.opwb.chain.Chains chains, CrashPoints crashPoints, BatchMetrics metrics) {
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
                "from BatchEntity where status in ('SIGNED', 'SUBMITTED') order by id", BatchEntity.class)
                .getResultList()));
        List<BatchEntity> done = new java.util.ArrayList<>();
        BigInteger head = open.isEmpty() ? BigInteger.ZERO : txManager.head();
        Map<Long, Long> l1Indexed = new HashMap<>();
        for (BatchEntity batch : open) {
            if (BatchEntity.SIGNED.equals(batch.status)) {
                rebroadcast(batch);
                continue;
            }
            List<L1TransactionEntity> attempts = attempts(batch.id);
            var receipt = minedAttempt(attempts);
            if (receipt.isEmpty()) {
                unstick(batch, attempts);
                continue;
            }
            TransactionReceipt r = receipt.get();
            if (head.subtract(r.getBlockNumber()).add(BigInteger.ONE).intValueExact() < submission.confirmations()) {
                continue;
            }
            // Wait until the L1 indexer has read the receipt's block too, so that the status rules,
            // which run next, see the proofs and finalizations this batch made.
            if (r.getBlockNumber().longValueExact() > l1Indexed.computeIfAbsent(batch.l2ChainId, this::l1IndexedUpTo)) {
                continue;
            }
            crashPoints.reach(CrashPoints.AFTER_RECEIPT);
            done.add(complete(batch, r));
        }
        return done;
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
                "from BatchEntity where status in ('CONFIRMED', 'REVERTED') and l1BlockNumber > :f order by id",
                BatchEntity.class).setParameter("f", finalized).getResultList()));
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
            boolean prove = BatchEntity.PROVE.equals(b.kind);
            b.status = BatchEntity.SUBMITTED;
            b.gasUsed = null;
            b.gasSaved = null;
            b.l1BlockNumber = null;
            b.confirmedAt = null;
            String inFlight = (prove ? WithdrawalStatus.PROVING : WithdrawalStatus.FINALIZING).name();
            return s.createMutationQuery(
                    "update BatchItemEntity set outcome = null, reason = null, logIndex = null where batchId = :b")
                    .setParameter("b", b.id).executeUpdate()
                    .chain(() -> s.createMutationQuery(
                            "update L1TransactionEntity set status = 'SIGNED' where batchId = :b and status = 'MINED'")
                            .setParameter("b", b.id).executeUpdate())
                    .chain(() -> s.createSelectionQuery("from WithdrawalEntity where l2ChainId = :c and "
                            + (prove ? "proveBatchId" : "finalizeBatchId") + " = :b", WithdrawalEntity.class)
                            .setParameter("c", b.l2ChainId)
                            .setParameter("b", b.id).getResultList())
                    .invoke(ws -> ws.forEach(w -> w.setStatus(inFlight,
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
                String error = txManager.rebroadcast(Numeric.toHexString(latest.raw));
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
        String error = txManager.broadcast(next);
        if (error != null && RpcErrorKind.of(error) == RpcErrorKind.NONCE_TOO_LOW
                && minedAttempt(attempts(batch.id)).isEmpty()) {
            // Another transaction took our nonce: this batch will never be mined; its items go back.
            LOG.warnf("batch #%d: its nonce %d was used by another transaction; its withdrawals return to the queue",
                    batch.id, latest.nonce);
            tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, batch.id).chain(b -> {
                b.status = BatchEntity.DROPPED;
                return s.createSelectionQuery("from BatchItemEntity where batchId = :b", BatchItemEntity.class)
                        .setParameter("b", b.id).getResultList()
                        .chain(items -> applyOutcomes(s, b, items, Map.of(), Map.of(), false,
                                "its transaction's nonce was used by another transaction"));
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
        String error = txManager.rebroadcast(Numeric.toHexString(attempts.get(attempts.size() - 1).raw));
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
                    .invoke(b -> b.status = BatchEntity.SUBMITTED).replaceWithVoid());
            LOG.infof("batch #%d: broadcast again after a restart or refusal", batch.id);
        } else {
            LOG.warnf("batch #%d: broadcast still refused: %s", batch.id, error);
        }
    }

    private BatchEntity complete(BatchEntity batch, TransactionReceipt receipt) {
        reopenedAt.remove(batch.id);
        replacementRefused.remove(batch.id);
        boolean prove = BatchEntity.PROVE.equals(batch.kind);
        Map<String, String[]> outcomes = new HashMap<>(); // hash -> {outcome, reason, log index}
        Map<String, Boolean> targetCallSucceeded = new HashMap<>();
        // "messenger address:versioned hash" -> relayed; keyed by the emitter, so that no other contract's
        // look-alike event in the same transaction counts
        Map<String, Boolean> messageRelayed = new HashMap<>();
        if (receipt.isStatusOK()) {
            if (prove) {
                for (var e : WithdrawalBatcher.getProveItemResultEvents(receipt)) {
                    outcomes.put(Numeric.toHexString(e.withdrawalHash), outcome(e.outcome, e.reason, e.log));
                }
            } else {
                for (var e : WithdrawalBatcher.getFinalizeItemResultEvents(receipt)) {
                    outcomes.put(Numeric.toHexString(e.withdrawalHash), outcome(e.outcome, e.reason, e.log));
                }
                for (var e : OptimismPortal2.getWithdrawalFinalizedEvents(receipt)) {
                    targetCallSucceeded.put(Numeric.toHexString(e.withdrawalHash), e.success);
                }
                for (var e : L1CrossDomainMessenger.getRelayedMessageEvents(receipt)) {
                    messageRelayed.put(relayKey(e.log.getAddress(), e.msgHash), true);
                }
                for (var e : L1CrossDomainMessenger.getFailedRelayedMessageEvents(receipt)) {
                    messageRelayed.put(relayKey(e.log.getAddress(), e.msgHash), false);
                }
            }
        }
        BatchEntity updated = tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, batch.id)
                .chain(b -> {
                    b.status = receipt.isStatusOK() ? BatchEntity.CONFIRMED : BatchEntity.REVERTED;
                    b.txHash = Numeric.hexStringToByteArray(receipt.getTransactionHash());
                    b.gasUsed = receipt.getGasUsed().longValueExact();
                    b.l1BlockNumber = receipt.getBlockNumber().longValueExact();
                    b.confirmedAt = OffsetDateTime.now();
                    return s.createSelectionQuery("from BatchItemEntity where batchId = :b", BatchItemEntity.class)
                            .setParameter("b", b.id).getResultList()
                            .chain(items -> applyOutcomes(s, b, items, outcomes, targetCallSucceeded,
                                    receipt.isStatusOK(), "the batch transaction reverted")
                                    .chain(() -> recordMessageRelays(s, b.l2ChainId, items, messageRelayed))
                                    .invoke(() -> b.gasSaved = gasSaved(items, b.gasUsed)))
                            .chain(() -> s.createMutationQuery(
                                    "update L1TransactionEntity set status = 'MINED' where txHash = :h")
                                    .setParameter("h", b.txHash).executeUpdate())
                            .replaceWith(b);
                })));
        long perItem = updated.itemCount == 0 ? 0 : updated.gasUsed / updated.itemCount;
        long succeeded = outcomes.values().stream().filter(o -> "DONE".equals(o[0])).count();
        metrics.completed(updated.l2ChainId, updated.kind, updated.gasUsed, succeeded, updated.gasSaved);
        Span.current().addEvent("batch completed", io.opentelemetry.api.common.Attributes.of(
                io.opentelemetry.api.common.AttributeKey.longKey("opwb.batch.id"), updated.id,
                io.opentelemetry.api.common.AttributeKey.longKey("opwb.batch.gas_used"), updated.gasUsed));
        LOG.infof("batch #%d %s on %s: %d withdrawals (%d done), gas used %,d = %,d per withdrawal, L1 block %d%s",
                updated.id, updated.kind, metrics.chainName(updated.l2ChainId), updated.itemCount, succeeded, updated.gasUsed, perItem,
                updated.l1BlockNumber, receipt.isStatusOK() ? "" : " — REVERTED");
        return updated;
    }

    /** What one transaction per step would have cost for the items this batch did, less what it cost. */
    static Long gasSaved(List<BatchItemEntity> items, long gasUsed) {
        long solo = 0;
        boolean any = false;
        for (BatchItemEntity item : items) {
            if ("DONE".equals(item.outcome)) {
                if (item.soloGas == null) {
                    return null;
                }
                solo += item.soloGas;
                any = true;
            }
        }
        return any ? solo - gasUsed : null;
    }

    private Uni<Void> applyOutcomes(org.hibernate.reactive.mutiny.Mutiny.Session s, BatchEntity batch,
            List<BatchItemEntity> items, Map<String, String[]> outcomes, Map<String, Boolean> targetCallSucceeded,
            boolean mined, String unminedReason) {
        boolean prove = BatchEntity.PROVE.equals(batch.kind);
        Map<String, BatchItemEntity> byHash = new HashMap<>();
        for (BatchItemEntity item : items) {
            String hash = Numeric.toHexString(item.withdrawalHash);
            String[] outcome = mined ? outcomes.getOrDefault(hash, new String[] {"FAILED", "no result event for this item"})
                    : new String[] {"FAILED", unminedReason};
            item.outcome = outcome[0];
            item.reason = outcome[1];
            item.logIndex = outcome.length > 2 && outcome[2] != null ? Long.valueOf(outcome[2]) : null;
            byHash.put(hash, item);
        }
        String batcher = chains.of(batch.l2ChainId).contracts().batcherAddress();
        return s.createSelectionQuery("from WithdrawalEntity where l2ChainId = :c and withdrawalHash in :h",
                WithdrawalEntity.class).setParameter("c", batch.l2ChainId)
                .setParameter("h", items.stream().map(i -> i.withdrawalHash).toList()).getResultList()
                .invoke(ws -> ws.forEach(w -> {
                    if (inNewerBatch(w, batch.id)) {
                        return; // this batch was reopened by a reorg; the newer batch decides
                    }
                    String hash = Numeric.toHexString(w.withdrawalHash);
                    BatchItemEntity item = byHash.get(hash);
                    switch (item.outcome) {
                        case "DONE", "ALREADY_DONE" -> {
                            if (prove) {
                                w.proofSubmitter = Numeric.hexStringToByteArray(batcher);
                                w.setStatus(WithdrawalStatus.PROVEN_MATURING.name(), "proven in batch #" + batch.id);
                            } else if ("DONE".equals(item.outcome)) {
                                boolean success = targetCallSucceeded.getOrDefault(hash, true);
                                w.setStatus(success ? WithdrawalStatus.FINALIZED.name()
                                        : WithdrawalStatus.FINALIZED_FAILED_CALL.name(),
                                        success ? "finalized in batch #" + batch.id
                                                : "finalized in batch #" + batch.id + ", but the call to the target failed");
                            } else {
                                // finalized by someone else: the indexed portal event tells how
                                w.setStatus(WithdrawalStatus.READY_TO_FINALIZE.name(), "finalized by another party");
                            }
                        }
                        case "OUT_OF_GAS" -> w.setStatus(prove ? WithdrawalStatus.READY_TO_PROVE.name()
                                : WithdrawalStatus.READY_TO_FINALIZE.name(), "batch #" + batch.id + " ran out of gas for it: retried");
                        default -> BatchSender.recordFailure(w, item.reason, prove, config.maxAttempts());
                    }
                })).replaceWithVoid();
    }

    /** For finalized messenger messages: whether the L1 messenger relayed them or recorded them as failed. */
    private static Uni<Void> recordMessageRelays(org.hibernate.reactive.mutiny.Mutiny.Session s, long l2ChainId,
            List<BatchItemEntity> items, Map<String, Boolean> messageRelayed) {
        if (messageRelayed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<byte[]> done = items.stream().filter(i -> "DONE".equals(i.outcome)).map(i -> i.withdrawalHash).toList();
        if (done.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return s.createSelectionQuery("from WithdrawalEntity where l2ChainId = :c and withdrawalHash in :h",
                WithdrawalEntity.class).setParameter("c", l2ChainId).setParameter("h", done).getResultList().invoke(ws -> ws.forEach(w -> {
                    // The message went to the withdrawal's target: the L1 messenger that must have emitted the event.
                    Boolean relayed = messageRelayed.get(relayKey(Numeric.toHexString(w.target),
                            org.web3j.crypto.Hash.sha3(w.data)));
                    if (relayed == null) {
                        return;
                    }
                    w.messageRelay = relayed ? "RELAYED" : "FAILED";
                    if (!relayed) {
                        w.setStatus(w.status, w.statusReason + "; the L1 messenger recorded its message as failed: "
                                + "anyone can replay it by calling L1CrossDomainMessenger.relayMessage with this "
                                + "withdrawal's data");
                    }
                })).replaceWithVoid();
    }

    private static String relayKey(String messenger, byte[] messageHash) {
        return messenger.toLowerCase() + ":" + Numeric.toHexString(messageHash);
    }

    private static boolean inNewerBatch(WithdrawalEntity w, long batchId) {
        return (w.proveBatchId != null && w.proveBatchId > batchId)
                || (w.finalizeBatchId != null && w.finalizeBatchId > batchId);
    }

    private static String[] outcome(BigInteger code, byte[] reason, org.web3j.protocol.core.methods.response.Log log) {
        String name = OUTCOMES[code.intValueExact()];
        return new String[] {name, reason == null || reason.length == 0 ? null : RevertReasons.describe(reason),
            log == null || log.getLogIndex() == null ? null : log.getLogIndex().toString()};
    }
}
