package io.opwb.storage;

import java.util.function.LongConsumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * PostgreSQL's notifications of status changes (channel {@value #CHANNEL}, sent at commit by the
 * triggers of migration V21), on a connection of their own ({@code LISTEN} holds it), reconnected
 * when it drops. Each notification carries the writing transaction's id; a (re)connection is reported
 * as {@code -1}, since notifications sent while it was down are gone.
 */
@ApplicationScoped
public class StatusChangeNotifications {

    static final String CHANNEL = "opwb_status_changes";

    private static final Logger LOG = Logger.getLogger(StatusChangeNotifications.class);
    private static final long RECONNECT_MILLIS = 1_000;

    private final Vertx vertx;
    private final Config config;
    private PgSubscriber subscriber;

    StatusChangeNotifications(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Starts listening (once; later calls do nothing); {@code notified} is called on an event loop. */
    public synchronized void listen(LongConsumer notified) {
        if (subscriber != null) {
            return;
        }
        subscriber = PgSubscriber.subscriber(vertx, connectOptions());
        subscriber.reconnectPolicy(retries -> RECONNECT_MILLIS); // for good: the feed's fallback poll covers the gap
        subscriber.channel(CHANNEL)
                .subscribeHandler(listening -> notified.accept(-1))
                .handler(payload -> notified.accept(txid(payload)));
        subscriber.closeHandler(closed -> LOG.debug("status change notifications: connection closed"));
        subscriber.connect().onFailure(e -> LOG.warnf("status change notifications: %s; the live feed polls until"
                + " PostgreSQL answers", e.getMessage()));
    }

    @PreDestroy
    synchronized void close() {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private static long txid(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return -1; // not ours to understand: read what changed anyway
        }
    }

    /** The reactive datasource's address and credentials, as the pool has them (credentials may be in the URL;
     * of a list of URLs, the first). */
    private PgConnectOptions connectOptions() {
        String url = config.getValue("quarkus.datasource.reactive.url", String.class).split(",")[0].trim().replaceFirst("^vertx-reactive:", "");
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }
}
