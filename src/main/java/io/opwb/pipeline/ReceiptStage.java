package io.opwb.pipeline;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.chain.CallOutcome;
import io.opwb.chain.Chains;
import io.opwb.chain.L1Reader;
import io.opwb.indexing.L1PortalIndexer;
import io.opwb.indexing.LogIndexer;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchItemEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchRepository;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.IndexedBlocks;
import io.opwb.storage.ItemOutcome;
import io.opwb.storage.L1TransactionRepository;
import io.opwb.storage.MessageRelay;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.submission.ReorgCheck;
import io.opwb.submission.SendState;
import io.opwb.submission.SubmissionConfig;
import io.opwb.submission.TransactionFollower;
import io.smallrye.mutiny.Uni;

/**
 * Applies what became of our sent batches to their withdrawals. {@link TransactionFollower} follows each
 * batch's transaction (re-broadcasts, replacements, a nonce taken by another transaction, reorgs); here a
 * mined batch, once buried under the configured confirmations and read by the L1 indexer, gets each item's
 * outcome from the batcher's events and the portal's, and its withdrawals move on. A batch a reorg took
 * out of its block is open again, its withdrawals back in flight.
 */
@ApplicationScoped
public class ReceiptStage {

    private static final Logger LOG = Logger.getLogger(ReceiptStage.class);

    private final Tx tx;
    private final TransactionFollower follower;
    private final L1Reader l1;
    private final SubmissionConfig submission;
    private final PipelineConfig config;
    private final Chains chains;
    private final CrashPoints crashPoints;
    private final BatchMetrics metrics;
    private final BatchRepository batches;
    private final WithdrawalRepository withdrawals;
    private final L1TransactionRepository transactions;

    public ReceiptStage(Tx tx, TransactionFollower follower, L1Reader l1, SubmissionConfig submission,
            PipelineConfig config, Chains chains, CrashPoints crashPoints, BatchMetrics metrics, BatchRepository batches,
            WithdrawalRepository withdrawals, L1TransactionRepository transactions) {
        this.tx = tx;
        this.follower = follower;
        this.l1 = l1;
        this.submission = submission;
        this.config = config;
        this.chains = chains;
        this.crashPoints = crashPoints;
        this.metrics = metrics;
        this.batches = batches;
        this.withdrawals = withdrawals;
        this.transactions = transactions;
    }

    /** Returns the batches completed in this run. */
    @WithSpan("receipts.follow")
    public List<BatchEntity> run() throws Exception {
        reopenReorged();
        List<BatchEntity> open = tx.read(batches::open);
        List<BatchEntity> done = new ArrayList<>();
        BigInteger head = open.isEmpty() ? BigInteger.ZERO : l1.head();
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

    private Optional<BatchEntity> follow(BatchEntity batch, BigInteger head, Map<Long, Long> l1Indexed)
            throws Exception {
        SendState state = batch.status == BatchStatus.SIGNED ? follower.resend(batch.id) : follower.follow(batch.id);
        if (state instanceof SendState.NonceTaken taken) {
            LOG.warnf("batch #%d: its nonce %d was used by another transaction; its withdrawals return to the queue",
                    batch.id, taken.nonce());
            drop(batch.id);
            return Optional.empty();
        }
        if (batch.status == BatchStatus.SIGNED) {
            if (state instanceof SendState.Refused refused) {
                LOG.warnf("batch #%d: broadcast still refused: %s", batch.id, refused.refusal());
            } else {
                tx.inTransaction(() -> batches.markSubmitted(batch.id));
                LOG.infof("batch #%d: broadcast again after a restart or refusal", batch.id);
            }
            return Optional.empty();
        }
        if (!(state instanceof SendState.Mined mined)) {
            return Optional.empty();
        }
        TransactionReceipt r = mined.receipt();
        if (head.subtract(r.getBlockNumber()).add(BigInteger.ONE).compareTo(BigInteger.valueOf(submission.confirmations())) < 0) {
            return Optional.empty();
        }
        // Wait until the L1 indexer has read the receipt's block too, so that the status rules,
        // which run next, see the proofs and finalizations this batch made.
        if (r.getBlockNumber().longValueExact() > l1Indexed.computeIfAbsent(batch.l2ChainId, this::l1IndexedUpTo)) {
            return Optional.empty();
        }
        crashPoints.reach(CrashPoints.AFTER_RECEIPT);
        return Optional.of(complete(batch, r));
    }

    /**
     * A completed batch whose block is not final yet is checked again: if a reorg took its
     * transaction out of the chain, or moved it to another block, the batch is open again, its
     * withdrawals back in flight, and it is followed like a new one: the same signed transaction
     * is broadcast again if the node lost it, never one with a new nonce.
     */
    private void reopenReorged() throws Exception {
        long finalized = l1.finalizedBlock().longValueExact();
        for (BatchEntity batch : tx.read(() -> batches.minedAfter(finalized))) {
            ReorgCheck check = follower.recheck(batch.txHash, batch.l1BlockNumber);
            if (check instanceof ReorgCheck.Kept) {
                continue;
            }
            LOG.warnf("batch #%d: a reorg %s; following it again", batch.id, check instanceof ReorgCheck.Moved moved
                    ? "moved its transaction from L1 block " + batch.l1BlockNumber + " to " + moved.block()
                    : "took its transaction out of L1 block " + batch.l1BlockNumber);
            tx.inTransaction(() -> reopen(batch.id));
        }
    }

    private Uni<Void> reopen(long batchId) {
        return batches.findById(batchId).chain(b -> {
            b.status = BatchStatus.SUBMITTED;
            b.gasUsed = null;
            b.gasSaved = null;
            b.l1BlockNumber = null;
            b.confirmedAt = null;
            boolean prove = b.kind == BatchKind.PROVE;
            WithdrawalStatus inFlight = WithdrawalStatus.inFlight(prove);
            return batches.clearOutcomes(b.id)
                    .chain(() -> transactions.reopen(b.id))
                    .chain(() -> withdrawals.inBatch(b.l2ChainId, b.id, prove))
                    .invoke(ws -> ws.forEach(w -> w.setStatus(inFlight, ReasonCode.IN_BATCH_AFTER_REORG,
                            "in batch #" + b.id + " again: a reorg took its transaction out of its L1 block")));
        }).replaceWithVoid();
    }

    /** Another transaction took the batch's nonce: it will never be mined; its items go back, uncharged. */
    private void drop(long batchId) {
        tx.inTransaction(() -> batches.findById(batchId).chain(b -> {
            b.status = BatchStatus.DROPPED;
            return batches.items(b.id).chain(items -> returnUncharged(b, items,
                    "its transaction's nonce was used by another transaction; nothing was charged to its items"));
        }));
    }

    /** How far the L1 indexer of that chain has read. */
    private long l1IndexedUpTo(long l2ChainId) {
        return tx.read(() -> IndexedBlocks.readUpTo(LogIndexer.checkpointName(L1PortalIndexer.KIND, l2ChainId)));
    }

    private BatchEntity complete(BatchEntity batch, TransactionReceipt receipt) {
        boolean prove = batch.kind == BatchKind.PROVE;
        var contracts = chains.of(batch.l2ChainId).contracts();
        BatchReceiptEvents events = receipt.isStatusOK()
                ? BatchReceiptEvents.read(receipt, prove, contracts.batcherAddress(), contracts.portalAddress())
                : null;
        if (events != null && !events.ignored.isEmpty()) {
            LOG.warnf("batch #%d: ignored in its receipt: %s", batch.id, String.join("; ", events.ignored));
        }
        String revertCause = receipt.isStatusOK() ? null : wholeRevertCause(batch, receipt);
        BatchEntity updated = tx.inTransaction(() -> batches.findById(batch.id).chain(b -> {
                    b.status = receipt.isStatusOK() ? BatchStatus.CONFIRMED : BatchStatus.REVERTED;
                    b.txHash = Numeric.hexStringToByteArray(receipt.getTransactionHash());
                    b.gasUsed = receipt.getGasUsed().longValueExact();
                    b.l1BlockNumber = receipt.getBlockNumber().longValueExact();
                    b.confirmedAt = OffsetDateTime.now();
                    return batches.items(b.id)
                            .chain(items -> itemOutcomes(b, items, events, revertCause)
                                    .invoke(() -> b.gasSaved = gasSaved(items, b.gasUsed)))
                            .chain(() -> transactions.markMined(b.txHash))
                            .replaceWith(b);
                }));
        long perItem = updated.itemCount == 0 ? 0 : updated.gasUsed / updated.itemCount;
        long succeeded = events == null ? 0 : events.outcomes.values().stream().filter(o -> o.outcome() == ItemOutcome.DONE).count();
        metrics.completed(updated.l2ChainId, updated.kind, updated.gasUsed, succeeded, updated.gasSaved);
        Span.current().addEvent("batch completed", Attributes.of(AttributeKey.longKey("opwb.batch.id"), updated.id,
                AttributeKey.longKey("opwb.batch.gas_used"), updated.gasUsed));
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
            Optional<CallOutcome> replay = l1.replayBeforeBlock(receipt);
            return replay.isEmpty() ? "its cause is unknown: the node no longer has the transaction"
                    : replay.get() instanceof CallOutcome.Failed failed ? failed.reason()
                    : replay.get() instanceof CallOutcome.NoVerdict none ? "its cause is unknown: " + none.reason()
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
                    w.messageRelay = MessageRelay.of(relayed);
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
