package io.opwb.indexing;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** How far each indexer is behind its chain's head (after confirmations), as last measured here. */
@ApplicationScoped
public class IndexerMetrics {

    /** A lag and when it was measured. */
    public record Lag(long blocks, Instant measuredAt) {
    }

    private final MeterRegistry registry;
    private final Map<String, Lag> lags = new ConcurrentHashMap<>();
    private final java.util.List<Gauge> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();

    public IndexerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void lag(String indexer, String chain, long blocks) {
        String key = key(indexer, chain);
        if (lags.put(key, new Lag(Math.max(0, blocks), Instant.now())) == null) {
            gauges.add(Gauge.builder("opwb.indexer.lag.blocks", lags, m -> m.get(key).blocks())
                    .description("Blocks between the chain's head (less confirmations) and what the indexer has read")
                    .tag("indexer", indexer).tag("chain", chain).strongReference(true).register(registry));
        }
    }

    /** The lags' key: indexer and chain name, as {@code l1-portal/op-mainnet}. */
    static String key(String indexer, String chain) {
        return indexer + "/" + chain;
    }

    /** Gauges left behind in a registry that outlives this bean would keep reporting it. */
    @jakarta.annotation.PreDestroy
    void removeGauges() {
        gauges.forEach(registry::remove);
    }

    /** Last measured lags by indexer and chain ({@link #key}); empty in a replica that does not index. */
    public Map<String, Lag> lags() {
        return Map.copyOf(lags);
    }
}
