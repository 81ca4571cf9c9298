package io.opwb.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * How each stage of each chain fares, cycle after cycle: consecutive failures and the last error
 * per (chain, stage) — the gauge {@code opwb_pipeline_stage_consecutive_failures} — and when each
 * chain last completed a cycle with every stage succeeding (its progress). A chain with no progress
 * for {@code opwb.pipeline.stall-after} is stalled; {@link PipelineLivenessCheck} reports it.
 */
@ApplicationScoped
public class StageHealth {

    /** One stage of one chain: consecutive failures, and the last error. */
    public record StageState(String chain, String stage, int consecutiveFailures, String lastError) {
    }

    /** A chain without progress for longer than allowed, and why (its failing stages). */
    public record Stall(String chain, Duration since, List<StageState> failing) {
    }

    private record Key(String chain, String stage) {
    }

    private final MeterRegistry registry;
    private final Map<Key, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<Key, String> lastErrors = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastProgress = new ConcurrentHashMap<>();
    private final Instant started = Instant.now();

    public StageHealth(MeterRegistry registry) {
        this.registry = registry;
    }

    public void succeeded(String chain, String stage) {
        counter(chain, stage).set(0);
        lastErrors.remove(new Key(chain, stage));
    }

    public void failed(String chain, String stage, Exception e) {
        counter(chain, stage).incrementAndGet();
        lastErrors.put(new Key(chain, stage), io.opwb.chain.RevertReasons.bounded(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** A cycle of this chain ended; progress when none of its stages failed in it. */
    public void cycleEnded(String chain, boolean allSucceeded) {
        if (allSucceeded) {
            lastProgress.put(chain, Instant.now());
        }
    }

    public List<StageState> states() {
        List<StageState> states = new ArrayList<>();
        failures.forEach((k, v) -> states.add(new StageState(k.chain(), k.stage(), v.get(), lastErrors.get(k))));
        states.sort(java.util.Comparator.comparing(StageState::chain).thenComparing(StageState::stage));
        return states;
    }

    /** Chains (of {@code chains}) without progress for longer than {@code limit}. */
    public List<Stall> stalled(List<String> chains, Duration limit, Instant now) {
        List<Stall> stalls = new ArrayList<>();
        for (String chain : chains) {
            Instant since = lastProgress.getOrDefault(chain, started);
            Duration without = Duration.between(since, now);
            if (without.compareTo(limit) > 0) {
                stalls.add(new Stall(chain, without, states().stream()
                        .filter(s -> s.chain().equals(chain) && s.consecutiveFailures() > 0).toList()));
            }
        }
        return stalls;
    }

    private AtomicInteger counter(String chain, String stage) {
        return failures.computeIfAbsent(new Key(chain, stage), k -> registry.gauge(
                "opwb_pipeline_stage_consecutive_failures", Tags.of("chain", chain, "stage", stage), new AtomicInteger()));
    }
}
