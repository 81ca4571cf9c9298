package io.opwb.indexing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The indexers' threads: one pool fetches ranges from the nodes, another decodes them, so that a
 * range is decoded while the next ones are still on the wire and an earlier one is being written.
 * Both are bounded by config; the indexers themselves bound how many ranges are in flight.
 */
@ApplicationScoped
public class IndexingExecutors {

    private final ExecutorService fetch;
    private final ExecutorService decode;

    public IndexingExecutors(IndexingConfig config) {
        this.fetch = Executors.newFixedThreadPool(Math.max(1, config.rangesInFlight()), daemon("opwb-fetch-"));
        this.decode = Executors.newFixedThreadPool(Math.max(1, config.decodeThreads()), daemon("opwb-decode-"));
    }

    ExecutorService fetch() {
        return fetch;
    }

    ExecutorService decode() {
        return decode;
    }

    @PreDestroy
    void stop() {
        fetch.shutdownNow();
        decode.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
