package io.opwb.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;

/**
 * Status changes of withdrawals, read from the database: any replica (the api role included) sees
 * the worker's changes. Reads them while someone listens, from a cursor that moves past every change
 * it reads (see {@link CommittedStatusChanges}), however many there are. At most
 * {@code max-subscribers} streams at once, each with a bounded buffer.
 */
@ApplicationScoped
public class StatusChangeFeed {

    private static final Logger LOG = Logger.getLogger(StatusChangeFeed.class);

    private final CommittedStatusChanges changes;
    private final EventsConfig config;
    private final Set<FeedSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private FeedCursor cursor; // null until the first poll

    public StatusChangeFeed(CommittedStatusChanges changes, EventsConfig config) {
        if (config.buffer() < 1 || config.pageRows() < 1 || config.maxSubscribers() < 0) {
            throw new ConfigurationException("opwb.api.events: buffer and page-rows must be 1 or more,"
                    + " max-subscribers 0 or more");
        }
        this.changes = changes;
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

    /** After the last change read (null until the first poll). */
    synchronized FeedCursor cursor() {
        return cursor;
    }

    @Scheduled(every = "${opwb.api.events-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void poll() {
        try {
            long horizon = changes.horizon();
            if (subscribers.isEmpty() || cursor == null) {
                // While nobody listens, only the horizon is kept: whatever commits after a first
                // listener subscribed is at or above the horizon of the poll before.
                cursor = FeedCursor.before(horizon);
                return;
            }
            // Up to half a buffer a poll: a subscriber that keeps up is never ended by one poll's burst.
            int budget = Math.max(config.pageRows(), config.buffer() / 2);
            int read = 0;
            CommittedStatusChanges.Slice slice;
            do {
                slice = changes.after(cursor, horizon, config.pageRows());
                slice.changes().forEach(this::publish);
                cursor = slice.end();
                read += slice.changes().size();
            } while (slice.changes().size() == config.pageRows() && read + config.pageRows() <= budget);
        } catch (RuntimeException e) {
            LOG.debugf("status feed: %s", e.getMessage()); // the next poll reads from the same cursor
        }
    }

    private void publish(StatusChange change) {
        for (FeedSubscriber subscriber : subscribers) {
            if (!subscriber.offer(change)) {
                subscribers.remove(subscriber);
            }
        }
    }
}
