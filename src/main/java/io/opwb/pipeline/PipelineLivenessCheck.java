package io.opwb.pipeline;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live unless this replica holds the worker lease and no pipeline cycle has returned for a long
 * time: a cycle is bounded (a limited number of ranges, batches and RPC retries), so one that
 * never returns is wedged, and a restart hands the work to a healthy process.
 */
@Liveness
@ApplicationScoped
public class PipelineLivenessCheck implements HealthCheck {

    private final PipelineCycle cycle;
    private final WorkerLease lease;
    private final Duration limit;
    private final Instant started = Instant.now();

    public PipelineLivenessCheck(PipelineCycle cycle, WorkerLease lease, PipelineConfig config) {
        this.cycle = cycle;
        this.lease = lease;
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
        return response.build();
    }
}
