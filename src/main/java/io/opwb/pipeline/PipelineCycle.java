package io.opwb.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opwb.indexing.GameTracker;
import io.opwb.indexing.ChainIndexers;
import io.opwb.chain.ChainContext;
import io.opwb.chain.Chains;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** The stage health's name for stages that serve every chain at once. */
    static final String ALL_CHAINS = "all";

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
    private final SubmissionHolds holds;
    private final StageHealth health;
    private final io.opwb.indexing.TokenMetadataJob tokens;
    private final io.opwb.storage.WithdrawalParties parties;
    private static final int PARTIES_PER_CYCLE = 500;

    public PipelineCycle(Chains chains, ChainIndexers indexers, GameTracker games,
            ReceiptStage receipts, StatusTracker tracker, ProveStage prove, FinalizeStage finalize, Tx tx,
            WorkerLease lease, io.opwb.submission.SubmitterBalance balance, BatchMetrics batchMetrics,
            ManifestExecutor manifestExecutor, ManifestConfig manifestConfig, PipelineConfig config,
            SubmissionHolds holds, StageHealth health, io.opwb.indexing.TokenMetadataJob tokens,
            io.opwb.storage.WithdrawalParties parties) {
        this.tokens = tokens;
        this.parties = parties;
        this.holds = holds;
        this.health = health;
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
        long started = System.nanoTime();
        try {
            runOnce();
            LOG.debugf("cycle ended in %d ms", (System.nanoTime() - started) / 1_000_000); // the scale benchmark reads it
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
        // Each stage of each chain on its own: one that fails (a node's error, anything a stranger's
        // withdrawal brings) is counted and retried next cycle, and keeps no other stage or chain waiting;
        // only prove and finalize need the statuses decided first.
        for (ChainContext chain : chains.all()) {
            stage(chain, "index-l2", failed, c -> indexers.indexL2(c, MAX_RANGES_PER_CYCLE));
            stage(chain, "index-l1", failed, c -> indexers.indexL1(c, MAX_RANGES_PER_CYCLE));
            stage(chain, "games", failed, games::refresh);
            stage(chain, "tokens", failed, tokens::readSome);
        }
        fillParties();
        boolean followed = true;
        if (!readOnly && !dryRun) { // read-only and dry runs have no transactions of ours to follow
            followed = followReceipts();
            balance.refresh();
        }
        // Nothing new is signed before what is in flight is accounted for.
        boolean paused = readOnly || !followed || submissionPaused();
        for (ChainContext chain : chains.all()) {
            List<StatusRules.Context> ctx = new ArrayList<>(1);
            if (!stage(chain, "status", failed, c -> ctx.add(tracker.update(c))) || paused) {
                continue;
            }
            // The chain's portal is paused: keep indexing and following sent batches, send nothing new
            // (and use up no withdrawal's attempts).
            boolean held = !stage(chain, "hold-check", failed, c -> {
                if (holds.check(c).isPresent()) {
                    throw new HeldException();
                }
            });
            if (!held) {
                stage(chain, "prove", failed, c -> prove.run(c, ctx.get(0)));
                stage(chain, "finalize", failed, finalize::run);
            }
        }
        for (ChainContext chain : chains.all()) {
            health.cycleEnded(chain.name(), followed && !failed.containsKey(chain.id()));
        }
        if (!readOnly) {
            batchMetrics.observeStages();
        }
        reportFailures(failed);
        if (paused) {
            return;
        }
        // Manifest mode: the stages signed manifests; their chunks go out here (and after a crash, next cycle).
        if (manifestMode) {
            heldUntilNextCycle(manifestExecutor::run);
        }
    }

    /** Runs one stage of one chain; false (the failure counted and kept) when it failed. */
    private boolean stage(ChainContext chain, String stage, Map<Long, Exception> failed, ChainWork work) {
        try {
            work.run(chain);
            health.succeeded(chain.name(), stage);
            return true;
        } catch (HeldException held) {
            return false; // not a failure: the chain is held on purpose
        } catch (SendHeldException held) {
            // not a failure: a send held for its fees (the tx manager logged why; nothing was signed or
            // recorded); the next cycle builds the batch again
            LOG.debugf("%s: %s held until the next cycle: %s", chain, stage, held.getMessage());
            return false;
        } catch (Exception e) {
            health.failed(chain.name(), stage, e);
            failed.putIfAbsent(chain.id(), e);
            return false;
        }
    }

    /** The chain's submission is held (its portal is paused): its prove and finalize stages wait. */
    private static final class HeldException extends Exception {
        HeldException() {
            super(null, null, false, false);
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

    /**
     * Receipts of batches already sent come first, and a failure there (each batch is followed on its
     * own, see {@link ReceiptStage}) never keeps the chains from indexing or deciding statuses; it
     * only keeps this cycle from sending anything new. False when it failed.
     */
    /**
     * Decodes who withdrawals written without it concern (indexed before V22), a bounded number per cycle;
     * once none is left, the query reads an empty partial index.
     */
    private void fillParties() {
        try {
            parties.fillSome(PARTIES_PER_CYCLE).await().indefinitely();
            health.succeeded(ALL_CHAINS, "parties");
        } catch (Exception e) {
            health.failed(ALL_CHAINS, "parties", e);
            LOG.warnf("decoding the parties of older withdrawals failed this cycle: %s", e.getMessage());
        }
    }

    private boolean followReceipts() {
        try {
            receipts.run();
            health.succeeded(ALL_CHAINS, "receipts");
            return true;
        } catch (Exception e) {
            health.failed(ALL_CHAINS, "receipts", e);
            LOG.warnf("following sent batches failed this cycle, nothing new is sent: %s", e.getMessage());
            return false;
        }
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
