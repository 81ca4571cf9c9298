package io.opwb.api;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opwb.storage.CommittedStatusChanges;
import io.opwb.storage.FeedCursor;
import io.opwb.storage.StatusChangeNotifications;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Status changes of withdrawals, read from the database: any replica (the api role included) sees
 * the worker's changes. Reads them when PostgreSQL says a transaction wrote some
 * ({@link StatusChangeNotifications}), and on a slow fallback poll, from a cursor that moves past every
 * change it reads (see {@link CommittedStatusChanges}), however many there are. Reads are reactive and
 * one at a time. At most {@code max-subscribers} streams at once, each with a bounded buffer.
 */
@ApplicationScoped
public class StatusChangeFeed {

    private static final Logger LOG = Logger.getLogger(StatusChangeFeed.class);

    /** A notified transaction whose changes are not below the horizon yet is looked at again after this. */
    private static final Duration NOT_BELOW_HORIZON_YET = Duration.ofMillis(200);
    /** A burst larger than a read's budget goes on this long after the read began. */
    private static final Duration CATCH_UP = Duration.ofSeconds(1);

    private final CommittedStatusChanges changes;
    private final StatusChangeNotifications notifications;
    private final Vertx vertx;
    private final EventsConfig config;
    private final Set<FeedSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requested = new AtomicInteger();
    private final AtomicLong notifiedTxid = new AtomicLong(-1);
    private volatile FeedCursor cursor; // null until the first read; moved only by reads, one at a time

    public StatusChangeFeed(CommittedStatusChanges changes, StatusChangeNotifications notifications, Vertx vertx,
            EventsConfig config) {
        if (config.buffer() < 1 || config.pageRows() < 1 || config.maxSubscribers() < 0) {
            throw new ConfigurationException("opwb.api.events: buffer and page-rows must be 1 or more,"
                    + " max-subscribers 0 or more");
        }
        this.changes = changes;
        this.notifications = notifications;
        this.vertx = vertx;
        this.config = config;
    }

    /** Whether a new stream would be admitted now (it is admitted for good when it subscribes). */
    public boolean hasRoom() {
        return subscribers.size() < config.maxSubscribers();
    }

    public int maxSubscribers() {
        return config.maxSubscribers();
    }

    /** The wanted changes from now on, until the client leaves or is ended (too slow, or no room). */
    public Multi<FeedEvent> changes(Predicate<StatusChange> wanted) {
        return Multi.createFrom().deferred(() -> {
            FeedSubscriber subscriber = new FeedSubscriber(wanted, config.buffer());
            return subscriber.events(this::admit, () -> subscribers.remove(subscriber));
        });
    }

    private void admit(FeedSubscriber subscriber) {
        synchronized (subscribers) {
            if (subscribers.size() < config.maxSubscribers()) {
                subscribers.add(subscriber);
                return;
            }
        }
        subscriber.end("too many subscribers: this server streams to at most " + config.maxSubscribers());
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** After the last change read (null until the first read). */
    FeedCursor cursor() {
        return cursor;
    }

    /**
     * The fallback poll: a lost notification (or a connection to PostgreSQL down) makes a change late by
     * this much, never lost. Its first run starts listening.
     */
    @Scheduled(every = "${opwb.api.events.fallback-poll:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fallbackPoll() {
        notifications.listen(this::notified);
        read();
    }

    /** A transaction that wrote changes committed ({@code txid}; -1: unknown, e.g. after a reconnection). */
    private void notified(long txid) {
        notifiedTxid.accumulateAndGet(txid, Math::max);
        read();
    }

    /** Asks for a read. Reads run one at a time; any number of requests during one make one more read after it. */
    private void read() {
        if (requested.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int handled = requested.get();
        readOnce().onFailure().recoverWithItem(e -> {
            LOG.debugf("status feed: %s", e.getMessage()); // the next read starts from the same cursor
            return null;
        }).subscribe().with(done -> {
            if (requested.addAndGet(-handled) > 0) {
                drain();
            }
        });
    }

    private Uni<Void> readOnce() {
        return changes.horizon().chain(horizon -> {
            if (subscribers.isEmpty() || cursor == null) {
                // While nobody listens, only the horizon is kept: whatever commits after a first
                // listener subscribed is at or above the horizon of the read before.
                cursor = FeedCursor.before(horizon);
                return Uni.createFrom().voidItem();
            }
            // Up to half a buffer a read: a subscriber that keeps up is never ended by one read's burst.
            long started = System.nanoTime();
            return pages(horizon, Math.max(config.pageRows(), config.buffer() / 2), started).invoke(() -> {
                if (notifiedTxid.get() >= horizon) {
                    later(NOT_BELOW_HORIZON_YET); // its transaction ended, but an older one still runs
                }
            });
        });
    }

    private Uni<Void> pages(long horizon, int budget, long started) {
        // Handed to the streams off the event loop, as the scheduled poll did: a stream's writes never hold the
        // PostgreSQL client's thread.
        return changes.after(cursor, horizon, config.pageRows()).emitOn(Infrastructure.getDefaultWorkerPool()).chain(slice -> {
            slice.changes().forEach(change -> publish(new StatusChange(Numeric.toHexString(change.withdrawalHash()),
                    change.status(), change.reason(), change.reasonCode(), change.at(), change.l2ChainId())));
            cursor = slice.end();
            boolean more = slice.changes().size() == config.pageRows();
            int left = budget - slice.changes().size();
            if (more && left >= config.pageRows()) {
                return pages(horizon, left, started);
            }
            if (more) {
                // The rest of a burst a second after this read began: the subscribers' time to write this much.
                later(CATCH_UP.minusNanos(System.nanoTime() - started));
            }
            return Uni.createFrom().voidItem();
        });
    }

    private void later(Duration delay) {
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> read());
    }

    private void publish(StatusChange change) {
        for (FeedSubscriber subscriber : subscribers) {
            if (!subscriber.offer(change)) {
                subscribers.remove(subscriber);
            }
        }
    }
}
