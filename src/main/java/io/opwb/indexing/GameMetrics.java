package io.opwb.indexing;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the game tracker reports: games whose root our L2 node contradicts. */
@ApplicationScoped
public class GameMetrics {

    private final Counter rootMismatches;

    public GameMetrics(MeterRegistry registry) {
        this.rootMismatches = Counter.builder("opwb.games.root.mismatch")
                .description("Dispute games whose root claim differs from the output root our L2 node computes")
                .register(registry);
    }

    void rootMismatch() {
        rootMismatches.increment();
    }
}
