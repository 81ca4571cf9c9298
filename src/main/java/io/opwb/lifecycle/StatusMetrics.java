package io.opwb.lifecycle;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;

/**
 * Withdrawals by status and batches by kind and status, counted in the database. Every replica
 * reports the same shared counts: aggregate them with max, not sum.
 */
@ApplicationScoped
public class StatusMetrics {

    private static final Logger LOG = Logger.getLogger(StatusMetrics.class);

    private final Tx tx;
    private final io.opwb.chain.Chains chains;
    private final MultiGauge withdrawals;
    private final MultiGauge batches;

    public StatusMetrics(Tx tx, io.opwb.chain.Chains chains, MeterRegistry registry) {
        this.tx = tx;
        this.chains = chains;
        this.withdrawals = MultiGauge.builder("opwb.withdrawals")
                .description("Withdrawals known to the service, by chain and status").register(registry);
        this.batches = MultiGauge.builder("opwb.batches")
                .description("Batches sent, by chain, kind and status").register(registry);
    }

    /** Rows left behind in a registry that outlives this bean would keep their last counts. */
    @jakarta.annotation.PreDestroy
    void removeRows() {
        withdrawals.register(List.of(), true);
        batches.register(List.of(), true);
    }

    @Scheduled(every = "${opwb.metrics.count-every:15s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            List<Object[]> byStatus = count("select l2ChainId, status, count(*) from WithdrawalEntity "
                    + "group by l2ChainId, status");
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (io.opwb.chain.ChainContext chain : chains.all()) {
                for (WithdrawalStatus status : WithdrawalStatus.values()) {
                    long n = byStatus.stream().filter(r -> chain.id() == (Long) r[0] && status == r[1])
                            .mapToLong(r -> (Long) r[2]).sum();
                    rows.add(MultiGauge.Row.of(Tags.of("chain", chain.name(), "status", status.name()), n));
                }
            }
            withdrawals.register(rows, true);
            List<MultiGauge.Row<?>> batchRows = new ArrayList<>();
            for (Object[] r : count("select l2ChainId, kind, status, count(*) from BatchEntity "
                    + "group by l2ChainId, kind, status")) {
                String chain = chains.nameOf((Long) r[0]);
                batchRows.add(MultiGauge.Row.of(Tags.of("chain", chain, "kind", ((BatchKind) r[1]).name(), "status",
                        ((BatchStatus) r[2]).name()),
                        (Long) r[3]));
            }
            batches.register(batchRows, true);
        } catch (RuntimeException e) {
            LOG.debugf("status counts not refreshed: %s", e.getMessage());
        }
    }

    private List<Object[]> count(String hql) {
        return tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(hql, Object[].class).getResultList()));
    }
}
