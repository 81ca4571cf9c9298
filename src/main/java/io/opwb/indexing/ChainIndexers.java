package io.opwb.indexing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.chain.ChainClients;
import io.opwb.chain.ChainContext;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalBulkInsert;

/** Each chain's two indexers, made once: its L2 withdrawals and its L1 portal events. */
@ApplicationScoped
public class ChainIndexers {

    private final Tx tx;
    private final IndexingConfig config;
    private final ChainClients clients;
    private final IndexerMetrics metrics;
    private final IndexingExecutors executors;
    private final WithdrawalBulkInsert bulk;
    private final IndexDeferral deferral;
    private final Map<Long, L2WithdrawalIndexer> l2 = new ConcurrentHashMap<>();
    private final Map<Long, L1PortalIndexer> l1 = new ConcurrentHashMap<>();

    public ChainIndexers(Tx tx, IndexingConfig config, ChainClients clients, IndexerMetrics metrics,
            IndexingExecutors executors, WithdrawalBulkInsert bulk, IndexDeferral deferral) {
        this.deferral = deferral;
        this.executors = executors;
        this.bulk = bulk;
        this.tx = tx;
        this.config = config;
        this.clients = clients;
        this.metrics = metrics;
    }

    /** Reads the chain's L2 withdrawals until caught up (at most {@code maxRanges} ranges); a span of its own. */
    @WithSpan("index")
    public int indexL2(ChainContext chain, int maxRanges) throws java.io.IOException {
        return l2(chain).indexUntilCaughtUp(maxRanges);
    }

    /** Reads the chain's L1 portal events until caught up (at most {@code maxRanges} ranges); a span of its own. */
    @WithSpan("index")
    public int indexL1(ChainContext chain, int maxRanges) throws java.io.IOException {
        return l1(chain).indexUntilCaughtUp(maxRanges);
    }

    public L2WithdrawalIndexer l2(ChainContext chain) {
        return l2.computeIfAbsent(chain.id(), id -> new L2WithdrawalIndexer(tx, config, chain, metrics, executors, bulk,
                deferral));
    }

    public L1PortalIndexer l1(ChainContext chain) {
        return l1.computeIfAbsent(chain.id(), id -> new L1PortalIndexer(tx, config, chain, clients.l1(), metrics, executors));
    }
}
