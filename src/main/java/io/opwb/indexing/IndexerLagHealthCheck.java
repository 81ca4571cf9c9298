package io.opwb.indexing;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while each indexer of this replica is within its configured lag of the head. A replica
 * that does not index (api role, or a worker without the lease) has nothing to report here.
 */
@Readiness
@ApplicationScoped
public class IndexerLagHealthCheck implements HealthCheck {

    /** A measurement older than this says nothing about now: this replica stopped indexing. */
    private static final Duration STALE = Duration.ofMinutes(2);

    private final IndexerMetrics metrics;
    private final IndexingConfig config;
    private final IndexDeferral deferral;

    public IndexerLagHealthCheck(IndexerMetrics metrics, IndexingConfig config, IndexDeferral deferral) {
        this.metrics = metrics;
        this.config = config;
        this.deferral = deferral;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("indexer-lag").up();
        Instant freshSince = Instant.now().minus(STALE);
        boolean any = false;
        for (var e : metrics.lags().entrySet()) {
            if (e.getValue().measuredAt().isBefore(freshSince)) {
                continue;
            }
            any = true;
            long max = e.getKey().startsWith(L1PortalIndexer.KIND + "/") ? config.l1MaxLagBlocks()
                    : config.l2MaxLagBlocks();
            long lag = e.getValue().blocks();
            response.withData(e.getKey(), lag + " blocks behind (at most " + max + ")");
            if (lag > max) {
                response.down();
            }
        }
        // Said, not failed: the backfill is what readiness waits for already (its lag).
        deferral.state().ifPresent(slow -> response.withData("deferred-indexes", slow));
        if (!any) {
            response.withData("indexers", "none running in this replica");
        }
        return response.build();
    }
}
