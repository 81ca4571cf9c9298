package io.opwb.api;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opwb.storage.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Status changes of withdrawals, read from the database: any replica (the api role included) sees
 * the worker's changes. Polls only while someone listens. A change is found by its timestamp; the
 * look-back covers transactions that commit a little after they stamped the time.
 */
@ApplicationScoped
public class StatusChangeFeed {

    /** One withdrawal's new status. */
    public record StatusChange(String withdrawalHash, String status, String reason, OffsetDateTime at, long chainId) {
    }

    private static final Logger LOG = Logger.getLogger(StatusChangeFeed.class);
    private static final long LOOK_BACK_SECONDS = 5;
    private static final int MAX_ROWS_PER_POLL = 5_000;

    private final Tx tx;
    private final BroadcastProcessor<StatusChange> processor = BroadcastProcessor.create();
    private final AtomicInteger listeners = new AtomicInteger();
    private final Map<String, OffsetDateTime> emitted = new HashMap<>(); // hash -> change time, within the look-back
    private OffsetDateTime since = OffsetDateTime.now();

    public StatusChangeFeed(Tx tx) {
        this.tx = tx;
    }

    /**
     * Changes from now on, for as long as the subscriber stays. A poll emits a whole batch's changes
     * at once while the server writes an event at a time: each subscriber gets a buffer, else the
     * processor fails it for lack of requests.
     */
    public Multi<StatusChange> changes() {
        return processor.onOverflow().buffer(MAX_ROWS_PER_POLL * 2)
                .onSubscription().invoke(listeners::incrementAndGet)
                .onTermination().invoke(listeners::decrementAndGet);
    }

    @Scheduled(every = "${opwb.api.events-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void poll() {
        if (listeners.get() == 0) {
            since = OffsetDateTime.now();
            emitted.clear();
            return;
        }
        OffsetDateTime from = since.minusSeconds(LOOK_BACK_SECONDS);
        List<Object[]> rows;
        try {
            rows = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                    "select withdrawalHash, status, statusReason, statusUpdatedAt, l2ChainId from WithdrawalEntity"
                            + " where statusUpdatedAt > :from order by statusUpdatedAt", Object[].class)
                    .setParameter("from", from).setMaxResults(MAX_ROWS_PER_POLL).getResultList()));
        } catch (RuntimeException e) {
            LOG.debugf("status feed: %s", e.getMessage());
            return;
        }
        for (Object[] r : rows) {
            String hash = Numeric.toHexString((byte[]) r[0]);
            OffsetDateTime at = (OffsetDateTime) r[3];
            String key = r[4] + ":" + hash;
            if (!at.equals(emitted.get(key))) {
                emitted.put(key, at);
                processor.onNext(new StatusChange(hash, (String) r[1], (String) r[2], at, (Long) r[4]));
            }
            since = at.isAfter(since) ? at : since;
        }
        OffsetDateTime forgetBefore = since.minusSeconds(LOOK_BACK_SECONDS);
        emitted.values().removeIf(at -> at.isBefore(forgetBefore));
    }
}
