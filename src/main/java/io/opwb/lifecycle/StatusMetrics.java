package io.opwb.lifecycle;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.opwb.storage.BatchRepository;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.scheduler.Scheduled;

/**
 * Withdrawals by status and batches by kind and status, read from the counts the database keeps (V26,
 * storage.StatusCounts: a few rows, however many withdrawals). Every replica reports the same shared
 * counts: aggregate them with max, not sum.
 */
@ApplicationScoped
public class StatusMetrics {

    private static final Logger LOG = Logger.getLogger(StatusMetrics.class);

    private final Tx tx;
    private final io.opwb.chain.Chains chains;
    private final MultiGauge withdrawals;
    private final MultiGauge batches;

    private final WithdrawalRepository withdrawalRows;
    private final BatchRepository batchRows;

    public StatusMetrics(Tx tx, io.opwb.chain.Chains chains, MeterRegistry registry, WithdrawalRepository withdrawalRows,
            BatchRepository batchRows) {
        this.withdrawalRows = withdrawalRows;
        this.batchRows = batchRows;
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
            List<WithdrawalRepository.ChainStatusCount> byStatus = tx.read(withdrawalRows::countByChainAndStatus);
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (io.opwb.chain.ChainContext chain : chains.all()) {
                for (WithdrawalStatus status : WithdrawalStatus.values()) {
                    long n = byStatus.stream().filter(c -> chain.id() == c.l2ChainId() && status == c.status())
                            .mapToLong(WithdrawalRepository.ChainStatusCount::count).sum();
                    rows.add(MultiGauge.Row.of(Tags.of("chain", chain.name(), "status", status.name()), n));
                }
            }
            withdrawals.register(rows, true);
            List<MultiGauge.Row<?>> byKind = new ArrayList<>();
            for (BatchRepository.ChainKindStatusCount c : tx.read(batchRows::countByChainKindAndStatus)) {
                byKind.add(MultiGauge.Row.of(Tags.of("chain", chains.nameOf(c.l2ChainId()), "kind", c.kind().name(),
                        "status", c.status().name()), c.count()));
            }
            batches.register(byKind, true);
        } catch (RuntimeException e) {
            LOG.debugf("status counts not refreshed: %s", e.getMessage());
        }
    }
}
