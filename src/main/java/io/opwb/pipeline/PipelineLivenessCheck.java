package io.opwb.pipeline;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live unless this replica holds the worker lease and either no pipeline cycle has returned for a
 * long time (a cycle is bounded — a limited number of ranges, batches and RPC retries — so one that
 * never returns is wedged), or a chain has made no progress (a cycle with every stage succeeding)
 * for {@code opwb.pipeline.stall-after}. Liveness, not readiness: readiness would only take this
 * replica's API out of service, which fixes nothing, while a restart releases the lease to another
 * replica, with fresh connections and state; the failing stages and their errors are in the
 * response, and the alert on {@code opwb_pipeline_stage_consecutive_failures} tells an operator
 * when restarts do not help (a node down, a chain the service cannot read).
 */
@Liveness
@ApplicationScoped
public class PipelineLivenessCheck implements HealthCheck {

    private final PipelineCycle cycle;
    private final WorkerLease lease;
    private final Duration limit;
    private final Instant started = Instant.now();
    private final StageHealth health;
    private final io.opwb.chain.Chains chains;
    private final Duration stallAfter;

    public PipelineLivenessCheck(PipelineCycle cycle, WorkerLease lease, PipelineConfig config, StageHealth health,
            io.opwb.chain.Chains chains) {
        this.cycle = cycle;
        this.lease = lease;
        this.health = health;
        this.chains = chains;
        this.stallAfter = config.stallAfter();
        Duration fifty = config.interval().multipliedBy(50);
        this.limit = fifty.compareTo(Duration.ofMinutes(10)) > 0 ? fifty : Duration.ofMinutes(10);
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("pipeline").up().withData("leaseHolder", lease.held());
        Instant last = cycle.lastCycleEnded();
        response.withData("lastCycleEnded", last == null ? "none yet" : last.toString());
        Instant since = last == null ? started : last;
        if (lease.held() && since.plus(limit).isBefore(Instant.now())) {
            response.down().withData("problem", "no cycle returned for more than " + limit.toSeconds() + " s");
        }
        health.states().stream().filter(s -> s.consecutiveFailures() > 0).forEach(s -> response.withData(
                "failing." + s.chain() + "." + s.stage(), s.consecutiveFailures() + " cycles in a row: " + s.lastError()));
        if (lease.held()) {
            var stalls = health.stalled(chains.all().stream().map(io.opwb.chain.ChainContext::name).toList(), stallAfter,
                    Instant.now());
            for (var stall : stalls) {
                response.down().withData("stalled." + stall.chain(), "no progress for " + stall.since().toSeconds()
                        + " s (more than " + stallAfter.toSeconds() + " s): " + (stall.failing().isEmpty()
                                ? "no cycle completed" : stall.failing().stream().map(f -> f.stage() + " failed "
                                        + f.consecutiveFailures() + " times, last: " + f.lastError()).toList()));
            }
        }
        return response.build();
    }
}
