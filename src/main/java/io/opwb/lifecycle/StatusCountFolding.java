package io.opwb.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opwb.chain.ChainUse;
import io.opwb.storage.StatusCounts;
import io.quarkus.scheduler.Scheduled;

/**
 * Folds the status counts' appended changes (V26) on a replica that writes: between folds the table grows by
 * a row or two per statement that changed a count, so its reads stay a few rows long. The api role only
 * reads; the counts stay exact whether or not anyone folds, only their read gets longer.
 */
@ApplicationScoped
public class StatusCountFolding {

    private static final Logger LOG = Logger.getLogger(StatusCountFolding.class);

    private final StatusCounts counts;
    private final ChainUse use;

    public StatusCountFolding(StatusCounts counts, ChainUse use) {
        this.counts = counts;
        this.use = use;
    }

    @Scheduled(every = "${opwb.metrics.fold-every:10s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fold() {
        if (!use.actsOnChains()) {
            return;
        }
        try {
            counts.fold().await().indefinitely();
        } catch (RuntimeException e) {
            LOG.debugf("status counts not folded: %s", e.getMessage());
        }
    }
}
