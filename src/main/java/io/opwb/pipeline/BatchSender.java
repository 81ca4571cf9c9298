package io.opwb.pipeline;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchItemEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.ManifestRepository;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.submission.SignedTransaction;
import io.opwb.submission.TxManager;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Hands a built batch to L1: signs it, then records the batch, its items, the withdrawals' new
 * status and the signed transaction in one database transaction, and only then broadcasts.
 * A crash after the commit is recovered by {@link ReceiptStage}, which broadcasts it again.
 */
@ApplicationScoped
public class BatchSender {

    private static final Logger LOG = Logger.getLogger(BatchSender.class);

    /**
     * What to send: the items in order with their solo gas, and what the simulation said of the ones
     * left out; for a manifest chunk, its manifest and the submitter key that sends it.
     */
    public record Batch(BatchKind kind, Long gameIndex, List<WithdrawalEntity> items, List<String> proofSubmitters,
            String to, String calldata, long gasLimit, List<Long> soloGas, LeftOut leftOut, Long manifestId,
            String from) {

        /** The chain of its withdrawals: a batch goes to one chain's batcher. */
        public long l2ChainId() {
            long chain = items.get(0).l2ChainId;
            if (items.stream().anyMatch(w -> w.l2ChainId != chain)) {
                throw new IllegalArgumentException("a batch holds withdrawals of one chain only");
            }
            return chain;
        }

        /** An operator batch, sent by the primary key. */
        public Batch(BatchKind kind, Long gameIndex, List<WithdrawalEntity> items, List<String> proofSubmitters,
                String to, String calldata, long gasLimit, List<Long> soloGas, LeftOut leftOut) {
            this(kind, gameIndex, items, proofSubmitters, to, calldata, gasLimit, soloGas, leftOut, null, null);
        }
    }

    private final Tx tx;
    private final TxManager txManager;
    private final PipelineConfig config;
    private final WorkerLease lease;
    private final CrashPoints crashPoints;
    private final BatchMetrics metrics;
    private final DryRun dryRun;

    private final WithdrawalRepository withdrawals;

    private final ManifestRepository manifests;

    public BatchSender(Tx tx, TxManager txManager, PipelineConfig config, WorkerLease lease, CrashPoints crashPoints,
            BatchMetrics metrics, DryRun dryRun, WithdrawalRepository withdrawals, ManifestRepository manifests) {
        this.manifests = manifests;
        this.withdrawals = withdrawals;
        this.dryRun = dryRun;
        this.tx = tx;
        this.txManager = txManager;
        this.config = config;
        this.lease = lease;
        this.crashPoints = crashPoints;
        this.metrics = metrics;
    }

    /**
     * Throws when a send now would be held for its fees (see {@link io.opwb.submission.TxManager#checkFees}),
     * so that a batch is not built (proofs read, items simulated) only to be held; a dry run sends nothing.
     */
    public void checkFees() throws Exception {
        if (!dryRun.active()) {
            txManager.checkFees();
        }
    }

    /** Records what the simulation found about items left out of a batch. */
    public void recordLeftOut(long l2ChainId, LeftOut leftOut, boolean prove) {
        if (!leftOut.isEmpty()) {
            tx.inTransaction(() -> leftOut(l2ChainId, leftOut, prove));
        }
    }

    /**
     * Returns the batch id (in dry-run mode: the dry-run batch's, and nothing is signed). Throws
     * {@link io.opwb.submission.SendHeldException} before anything is recorded when the tx manager
     * holds the send for its fees: the batch is built again later.
     */
    @WithSpan("batch.submit")
    public long send(Batch batch) throws Exception {
        boolean prove = batch.kind() == BatchKind.PROVE;
        long chain = batch.l2ChainId();
        if (dryRun.active()) {
            recordLeftOut(chain, batch.leftOut(), prove);
            return dryRun.record(batch);
        }
        SignedTransaction signed = txManager.sign(batch.from() != null ? batch.from() : txManager.sender(),
                batch.to(), batch.calldata(), java.math.BigInteger.valueOf(batch.gasLimit()));
        BatchEntity row = new BatchEntity();
        row.l2ChainId = chain;
        row.kind = batch.kind();
        row.status = BatchStatus.SIGNED;
        row.gameIndex = batch.gameIndex();
        row.itemCount = batch.items().size();
        row.calldataBytes = (batch.calldata().length() - 2) / 2;
        row.gasLimit = batch.gasLimit();
        row.txHash = Numeric.hexStringToByteArray(signed.hash());
        row.manifestId = batch.manifestId();
        row.sender = Numeric.hexStringToByteArray(signed.from());
        // Fenced: committed only while this replica still holds the worker lease.
        long id = tx.inTransaction(() -> Panache.getSession().chain(s -> lease.requireHeld(s)
                .chain(() -> s.persist(row)).chain(s::flush)
                .chain(() -> persistItems(s, row.id, batch, prove))
                .chain(() -> batch.manifestId() == null ? Uni.createFrom().voidItem()
                        : manifests.chunkSent(batch.manifestId(), row.id, batch.items().stream().map(w -> w.withdrawalHash).toList()))
                .chain(() -> txManager.record(signed, row.id))
                .chain(() -> leftOut(chain, batch.leftOut(), prove))
                .map(ignored -> row.id)));
        metrics.sent(chain, batch.kind(), batch.items().size());
        Span.current().setAttribute("opwb.batch.id", id)
                .setAttribute("opwb.batch.kind", batch.kind().name()).setAttribute("opwb.batch.items", batch.items().size())
                .setAttribute("opwb.tx.hash", signed.hash());
        crashPoints.reach(CrashPoints.AFTER_RECORD);
        String error = txManager.broadcast(signed).refusal();
        crashPoints.reach(CrashPoints.AFTER_BROADCAST);
        if (error != null) {
            // Recorded but refused: the receipt stage retries the broadcast; say it loudly.
            LOG.warnf("batch #%d (%s, %d items): broadcast of %s refused: %s", id, batch.kind(),
                    batch.items().size(), signed.hash(), error);
            return id;
        }
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, id))
                .invoke(b -> b.status = BatchStatus.SUBMITTED).replaceWithVoid());
        LOG.infof("batch #%d %s on %s: %d withdrawals sent in %s (gas limit %d)%s", id, batch.kind(),
                metrics.chainName(chain), batch.items().size(),
                signed.hash(), batch.gasLimit(), batch.manifestId() == null ? ""
                        : ", a chunk of manifest #" + batch.manifestId() + " sent by " + signed.from());
        return id;
    }

    private Uni<Void> persistItems(org.hibernate.reactive.mutiny.Mutiny.Session s, long batchId, Batch batch,
            boolean prove) {
        List<Object> rows = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < batch.items().size(); i++) {
            WithdrawalEntity w = batch.items().get(i);
            BatchItemEntity item = new BatchItemEntity();
            item.l2ChainId = w.l2ChainId;
            item.batchId = batchId;
            item.withdrawalHash = w.withdrawalHash;
            item.position = i;
            String submitter = batch.proofSubmitters() == null ? null : batch.proofSubmitters().get(i);
            item.proofSubmitter = submitter == null ? null : Numeric.hexStringToByteArray(submitter);
            item.soloGas = batch.soloGas().get(i);
            rows.add(item);
            hashes.add(w.withdrawalHash);
        }
        WithdrawalStatus inFlight = WithdrawalStatus.inFlight(prove);
        return s.persistAll(rows.toArray()).chain(() -> withdrawals.findByHashes(batch.l2ChainId(), hashes).invoke(ws -> ws.forEach(w -> {
                    if (w.status.isReady()) {
                        metrics.readyToSubmitted(w.statusUpdatedAt);
                    }
                    w.setStatus(inFlight, io.opwb.storage.ReasonCode.IN_BATCH, "in batch #" + batchId);
                    w.targetFailureBlock = null; // its target call passed at this batch's block
                    if (prove) {
                        w.proveBatchId = batchId;
                    } else {
                        w.finalizeBatchId = batchId;
                    }
                })).replaceWithVoid());
    }

    private Uni<Void> leftOut(long l2ChainId, LeftOut leftOut, boolean prove) {
        if (leftOut.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        leftOut.noVerdicts().ifPresent(held -> warnHeld(l2ChainId, prove, held));
        return withdrawals.findByHashes(l2ChainId, leftOut.hashes())
                .invoke(ws -> ws.forEach(w -> AttemptRules.apply(w, leftOut.of(w.withdrawalHash), leftOut.block(), prove,
                        config.maxAttempts())))
                .replaceWithVoid();
    }

    /** When each chain's last "held for the node's errors" warning was logged (nanoTime). */
    private final java.util.Map<Long, Long> lastHeldWarning = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Items held for the node's errors use nothing and are tried again next cycle, but a node that
     * fails every simulation would stall the stage without a word: said at WARN, once a minute per chain.
     */
    private void warnHeld(long l2ChainId, boolean prove, String held) {
        long now = System.nanoTime();
        Long last = lastHeldWarning.get(l2ChainId);
        if (last == null || now - last > 60_000_000_000L) {
            lastHeldWarning.put(l2ChainId, now);
            LOG.warnf("chain %d: %s withdrawals held this cycle, the node giving no verdict on their simulation: %s",
                    l2ChainId, prove ? "prove" : "finalize", held);
        }
    }
}
