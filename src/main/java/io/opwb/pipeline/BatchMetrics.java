package io.opwb.pipeline;

import java.time.Duration;
import java.time.OffsetDateTime;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opwb.storage.BatchKind;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalRepository.StageTimes;

/**
 * What batches carry and how long withdrawals take: batch sizes, the wait the window adds, and
 * the time from indexing to proof and from proof to finalization (as this service saw them).
 */
@ApplicationScoped
public class BatchMetrics {

    /** From seconds (the window) to the days of proof maturity and game resolution on mainnet. */
    private static final Duration[] STAGE_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(8),
            Duration.ofDays(14)};

    private final MeterRegistry registry;
    private final Tx tx;
    private OffsetDateTime observedUpTo;

    private final io.opwb.chain.Chains chains;

    private final WithdrawalRepository withdrawals;

    public BatchMetrics(MeterRegistry registry, Tx tx, io.opwb.chain.Chains chains, WithdrawalRepository withdrawals) {
        this.withdrawals = withdrawals;
        this.registry = registry;
        this.tx = tx;
        this.chains = chains;
    }

    /** The chain's name, for metrics and logs; its id when no longer configured. */
    String chainName(long l2ChainId) {
        return chains.nameOf(l2ChainId);
    }

    /**
     * Records the stage latencies of withdrawals that reached the proven or finalized stage since
     * the last call (the first call only sets the mark: history is not replayed after a restart).
     */
    void observeStages() {
        OffsetDateTime since = observedUpTo;
        if (since == null) {
            observedUpTo = OffsetDateTime.now();
            return;
        }
        List<StageTimes> proven = tx.read(() -> withdrawals.provenSince(since));
        List<StageTimes> finalized = tx.read(() -> withdrawals.finalizedSince(since));
        OffsetDateTime upTo = since;
        upTo = record("initiated_to_proven", proven, upTo);
        upTo = record("proven_to_finalized", finalized, upTo);
        observedUpTo = upTo;
    }

    private OffsetDateTime record(String stage, List<StageTimes> rows, OffsetDateTime upTo) {
        Timer timer = stage(stage);
        for (StageTimes times : rows) {
            if (times.from() != null) {
                timer.record(Duration.between(times.from(), times.to()));
            }
            upTo = times.to().isAfter(upTo) ? times.to() : upTo;
        }
        return upTo;
    }

    void sent(long l2ChainId, BatchKind kind, int items) {
        DistributionSummary.builder("opwb.batch.size").description("Withdrawals per batch sent")
                .tag("chain", chainName(l2ChainId)).tag("kind", kind.name()).serviceLevelObjectives(1, 5, 10, 20, 30, 40, 50, 75, 100)
                .register(registry).record(items);
    }

    /** A manifest event: signed (with its withdrawals), or expired (with those it gave back). */
    void manifest(BatchKind kind, String event, int withdrawals) {
        io.micrometer.core.instrument.Counter.builder("opwb.manifests").description("Manifests signed or expired")
                .tag("kind", kind.name()).tag("event", event).register(registry).increment();
        io.micrometer.core.instrument.Counter.builder("opwb.manifest.withdrawals")
                .description("Withdrawals in manifests signed, or given back when one expired").tag("kind", kind.name())
                .tag("event", event).register(registry).increment(withdrawals);
    }

    /** A mined batch: its gas per completed withdrawal, and the gas it saved over one transaction per step. */
    void completed(long l2ChainId, BatchKind kind, long gasUsed, long done, Long gasSaved) {
        String chain = chainName(l2ChainId);
        if (done > 0) {
            DistributionSummary.builder("opwb.l1.gas.per.withdrawal").description("L1 gas of a batch per withdrawal it completed")
                    .tag("chain", chain).tag("kind", kind.name()).serviceLevelObjectives(50_000, 75_000, 100_000, 150_000, 200_000, 250_000, 300_000,
                            400_000, 500_000)
                    .register(registry).record((double) gasUsed / done);
        }
        if (gasSaved != null && gasSaved > 0) {
            io.micrometer.core.instrument.Counter.builder("opwb.l1.gas.saved")
                    .description("L1 gas saved against one transaction per withdrawal and step").tag("chain", chain)
                    .tag("kind", kind.name())
                    .register(registry).increment(gasSaved);
        }
    }

    /** Time between a withdrawal becoming ready and its batch being sent: the delay the window adds. */
    void readyToSubmitted(OffsetDateTime readySince) {
        stage("ready_to_submitted").record(Duration.between(readySince, OffsetDateTime.now()));
    }

    Timer stage(String stage) {
        return Timer.builder("opwb.stage.latency").description("Time a withdrawal spends between two stages")
                .tag("stage", stage).serviceLevelObjectives(STAGE_BUCKETS).register(registry);
    }
}
