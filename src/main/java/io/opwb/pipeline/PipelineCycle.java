package io.opwb.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opwb.indexing.GameTracker;
import io.opwb.indexing.L1PortalIndexer;
import io.opwb.indexing.L2WithdrawalIndexer;
import io.opwb.lifecycle.StatusRules;
import io.opwb.lifecycle.StatusTracker;
import io.opwb.storage.ServiceControlEntity;
import io.opwb.storage.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * One cycle of the pipeline: index both chains, refresh games, follow sent batches, update every
 * withdrawal's status, then send a prove batch and a finalize batch if their windows close. Each
 * stage reads and writes persisted state only, so a crash anywhere resumes at the next cycle.
 * Only the replica holding the {@link WorkerLease} runs cycles.
 */
@ApplicationScoped
public class PipelineCycle {

    private static final Logger LOG = Logger.getLogger(PipelineCycle.class);
    private static final int MAX_RANGES_PER_CYCLE = 50;

    private final L2WithdrawalIndexer l2Indexer;
    private final L1PortalIndexer l1Indexer;
    private final GameTracker games;
    private final ReceiptStage receipts;
    private final StatusTracker tracker;
    private final ProveStage prove;
    private final FinalizeStage finalize;
    private final Tx tx;
    private final WorkerLease lease;
    private volatile java.time.Instant lastCycleEnded;
    private final io.opwb.submission.SubmitterBalance balance;
    private final BatchMetrics batchMetrics;
    private final ManifestExecutor manifestExecutor;
    private final boolean manifestMode;

    public PipelineCycle(L2WithdrawalIndexer l2Indexer, L1PortalIndexer l1Indexer, GameTracker games,
            ReceiptStage receipts, StatusTracker tracker, ProveStage prove, FinalizeStage finalize, Tx tx,
            WorkerLease lease, io.opwb.submission.SubmitterBalance balance, BatchMetrics batchMetrics,
            ManifestExecutor manifestExecutor, ManifestConfig manifestConfig) {
        this.l2Indexer = l2Indexer;
        this.l1Indexer = l1Indexer;
        this.games = games;
        this.receipts = receipts;
        this.tracker = tracker;
        this.prove = prove;
        this.finalize = finalize;
        this.tx = tx;
        this.lease = lease;
        this.balance = balance;
        this.batchMetrics = batchMetrics;
        this.manifestExecutor = manifestExecutor;
        this.manifestMode = manifestConfig.enabled();
    }

    @Scheduled(every = "${opwb.pipeline.interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void scheduled() {
        try {
            runOnce();
        } catch (Exception e) {
            // The next cycle starts again from the persisted state.
            LOG.warnf(e, "pipeline cycle failed: %s", e.getMessage());
        } finally {
            lastCycleEnded = java.time.Instant.now();
        }
    }

    /** When the last cycle returned, successful or not; null before the first. */
    public java.time.Instant lastCycleEnded() {
        return lastCycleEnded;
    }

    public void runOnce() throws Exception {
        // Another replica holds the worker lease: this one only serves the API. While held, the lease
        // is renewed on its own schedule; the cycle only tries to take it when it is not held.
        if (!lease.held() && !lease.acquireOrRenew()) {
            return;
        }
        l2Indexer.indexUntilCaughtUp(MAX_RANGES_PER_CYCLE);
        l1Indexer.indexUntilCaughtUp(MAX_RANGES_PER_CYCLE);
        games.refresh();
        receipts.run();
        balance.refresh();
        StatusRules.Context ctx = tracker.update();
        batchMetrics.observeStages();
        // Paused by an operator: keep indexing and following sent batches, send nothing new.
        if (submissionPaused()) {
            return;
        }
        prove.run(ctx);
        finalize.run();
        // Manifest mode: the stages signed manifests; their chunks go out here (and after a crash, next cycle).
        if (manifestMode) {
            manifestExecutor.run();
        }
    }

    private boolean submissionPaused() {
        ServiceControlEntity control = tx.read(() -> Panache.getSession()
                .chain(s -> s.find(ServiceControlEntity.class, 1)));
        return control != null && control.submissionPaused;
    }

    /** Skips the cycle when {@code opwb.pipeline.enabled} is false or this replica's role is {@code api}. */
    @Singleton
    @io.quarkus.runtime.Startup // a wrong role fails the start, not the first cycle
    public static class Disabled implements Scheduled.SkipPredicate {
        private final boolean disabled;

        public Disabled(PipelineConfig config,
                @ConfigProperty(name = "opwb.role", defaultValue = "all") String role) {
            this.disabled = !config.enabled() || !ServiceRole.parse(role).runsPipeline();
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return disabled;
        }
    }
}
