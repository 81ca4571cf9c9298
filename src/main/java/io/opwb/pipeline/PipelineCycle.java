package io.opwb.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opwb.indexing.GameTracker;
import io.opwb.indexing.ChainIndexers;
import io.opwb.chain.ChainContext;
import io.opwb.chain.Chains;
import java.util.LinkedHashMap;
import java.util.Map;
import io.opwb.lifecycle.StatusRules;
import io.opwb.lifecycle.StatusTracker;
import io.opwb.storage.ServiceControlEntity;
import io.opwb.storage.Tx;
import io.opwb.submission.SendHeldException;
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

    private final Chains chains;
    private final ChainIndexers indexers;
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
    private final boolean readOnly;
    private final boolean dryRun;

    public PipelineCycle(Chains chains, ChainIndexers indexers, GameTracker games,
            ReceiptStage receipts, StatusTracker tracker, ProveStage prove, FinalizeStage finalize, Tx tx,
            WorkerLease lease, io.opwb.submission.SubmitterBalance balance, BatchMetrics batchMetrics,
            ManifestExecutor manifestExecutor, ManifestConfig manifestConfig, PipelineConfig config) {
        this.readOnly = config.mode() == PipelineConfig.Mode.READ_ONLY;
        this.dryRun = config.mode() == PipelineConfig.Mode.DRY_RUN;
        this.chains = chains;
        this.indexers = indexers;
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
        Map<Long, Exception> failed = new LinkedHashMap<>();
        forEachChain(failed, chain -> {
            indexers.indexL2(chain, MAX_RANGES_PER_CYCLE);
            indexers.indexL1(chain, MAX_RANGES_PER_CYCLE);
            games.refresh(chain);
        });
        if (readOnly) { // statuses only: no key, nothing signed, no receipts of ours to follow
            forEachChain(failed, tracker::update);
            reportFailures(failed);
            return;
        }
        if (!dryRun) { // a dry run has no transactions to follow, and perhaps no key
            receipts.run();
            balance.refresh();
        }
        boolean paused = submissionPaused();
        forEachChain(failed, chain -> {
            StatusRules.Context ctx = tracker.update(chain);
            // Paused by an operator: keep indexing and following sent batches, send nothing new.
            if (!paused) {
                heldUntilNextCycle(() -> {
                    prove.run(chain, ctx);
                    finalize.run(chain);
                });
            }
        });
        batchMetrics.observeStages();
        reportFailures(failed);
        if (paused) {
            return;
        }
        // Manifest mode: the stages signed manifests; their chunks go out here (and after a crash, next cycle).
        if (manifestMode) {
            heldUntilNextCycle(manifestExecutor::run);
        }
    }

    /**
     * Runs sends; one held for its fees (the tx manager logged why; nothing was signed or recorded)
     * ends them for this cycle, and the next cycle builds the batch again.
     */
    private static void heldUntilNextCycle(Sends sends) throws Exception {
        try {
            sends.run();
        } catch (SendHeldException e) {
            LOG.debugf("sends held until the next cycle: %s", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Sends {
        void run() throws Exception;
    }

    /**
     * Brings the database up to the chains' heads: every chain indexed until caught up, its games
     * refreshed and its withdrawals' statuses decided (the command line's first step).
     */
    public void catchUp() throws Exception {
        Map<Long, Exception> failed = new LinkedHashMap<>();
        forEachChain(failed, chain -> {
            // No bound on ranges: to the head (memory stays bounded by the ranges in flight).
            indexers.indexL2(chain, Integer.MAX_VALUE);
            indexers.indexL1(chain, Integer.MAX_VALUE);
            games.refresh(chain);
            tracker.update(chain);
        });
        reportFailures(failed);
    }

    /** A chain's first failure in this cycle, as the cycle's failure (the other chains went on). */
    private void reportFailures(Map<Long, Exception> failed) {
        if (!failed.isEmpty()) {
            Exception first = failed.values().iterator().next();
            throw new IllegalStateException("chain " + chains.of(failed.keySet().iterator().next()) + ": "
                    + first.getMessage(), first);
        }
    }

    /**
     * The chains one after another; one whose work fails is skipped for the rest of the cycle (its
     * first failure is reported at the end) and does not hold up the others.
     */
    private void forEachChain(Map<Long, Exception> failed, ChainWork work) {
        for (ChainContext chain : chains.all()) {
            if (failed.containsKey(chain.id())) {
                continue;
            }
            try {
                work.run(chain);
            } catch (Exception e) {
                failed.put(chain.id(), e);
            }
        }
    }

    @FunctionalInterface
    private interface ChainWork {
        void run(ChainContext chain) throws Exception;
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

        /** The pipeline does not run in this replica. */
        public boolean pipelineOff() {
            return disabled;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return disabled;
        }
    }
}
