package io.opwb.api;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One open event stream: the changes it wants, and how many it has been handed that the server has
 * not written yet. The server writes an event at a time and asks for the next once the connection
 * took it, so a client that reads slowly makes that count grow; at the bound it is ended with an
 * end event instead of being buffered without limit.
 */
final class FeedSubscriber {

    private final Predicate<StatusChange> wanted;
    private final int capacity;
    private final AtomicInteger unwritten = new AtomicInteger();
    private volatile MultiEmitter<? super FeedEvent> emitter;
    private volatile boolean ended;

    FeedSubscriber(Predicate<StatusChange> wanted, int capacity) {
        this.wanted = wanted;
        this.capacity = capacity;
    }

    /**
     * The stream's events. {@code started} is told when a client subscribes (it may end the stream at
     * once), {@code ended} when the stream ends for any reason (the client gone included).
     */
    Multi<FeedEvent> events(Consumer<FeedSubscriber> started, Runnable ended) {
        // The emitter queues what was not asked for yet; offer() keeps that queue under the bound.
        return Multi.createFrom().<FeedEvent>emitter(e -> {
            emitter = e;
            e.onTermination(ended);
            started.accept(this);
        }, BackPressureStrategy.BUFFER).invoke(event -> {
            if (event instanceof StatusChange) {
                unwritten.decrementAndGet();
            }
        });
    }

    /** Hands the change over if wanted; false once the stream has ended (now, if this client is too slow). */
    boolean offer(StatusChange change) {
        if (ended || emitter.isCancelled()) {
            return false;
        }
        if (!wanted.test(change)) {
            return true;
        }
        if (unwritten.get() >= capacity) {
            end("too slow: " + capacity + " events were waiting to be written to this connection;"
                    + " reconnect to follow changes from then on");
            return false;
        }
        unwritten.incrementAndGet();
        emitter.emit(change);
        return true;
    }

    /** Sends the end event after what is waiting, then closes the stream. */
    void end(String reason) {
        ended = true;
        emitter.emit(new FeedEvent.End(reason));
        emitter.complete();
    }
}
