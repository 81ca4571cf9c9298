package io.opwb.api;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchRepository;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The figures of the status page: counts by status, batch totals and gas, recent batches. */
@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    static final int RECENT_BATCHES = 20;

    private final WithdrawalRepository withdrawals;
    private final BatchRepository batches;

    public DashboardResource(WithdrawalRepository withdrawals, BatchRepository batches) {
        this.withdrawals = withdrawals;
        this.batches = batches;
    }

    @GET
    @Operation(summary = "Withdrawals by status, batches by kind, gas used and saved, the 20 most recent batches")
    @WithSession
    public Uni<DashboardView> dashboard() {
        OffsetDateTime at = OffsetDateTime.now();
        return withdrawals.countByStatus().chain(byStatus -> batches.totalsByKind()
                .chain(byKind -> batches.newestFirst(null, null).range(0, RECENT_BATCHES - 1).list()
                        .map(recent -> view(at, byStatus, byKind, recent))));
    }

    static DashboardView view(OffsetDateTime at, Map<WithdrawalStatus, Long> byStatus,
            List<BatchRepository.KindTotals> byKind, List<BatchEntity> recent) {
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (WithdrawalStatus status : WithdrawalStatus.values()) {
            statuses.put(status.name(), 0L);
        }
        long withdrawals = 0;
        for (Map.Entry<WithdrawalStatus, Long> count : byStatus.entrySet()) {
            statuses.merge(count.getKey().name(), count.getValue(), Long::sum);
            withdrawals += count.getValue();
        }
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (BatchKind kind : BatchKind.values()) {
            kinds.put(kind.name(), 0L);
        }
        long batches = 0;
        long gasUsed = 0;
        long gasSaved = 0;
        long withGasSaved = 0;
        for (BatchRepository.KindTotals totals : byKind) {
            kinds.merge(totals.kind().name(), totals.batches(), Long::sum);
            batches += totals.batches();
            gasUsed += totals.gasUsed();
            gasSaved += totals.gasSaved();
            withGasSaved += totals.withGasSaved();
        }
        return new DashboardView(at, withdrawals, statuses,
                new DashboardView.Totals(batches, kinds, gasUsed, gasSaved, withGasSaved),
                recent.stream().map(b -> new DashboardView.RecentBatch(b.id, b.kind.name(), b.status.name(), b.itemCount, b.gasUsed,
                        b.gasUsed == null || b.itemCount == 0 ? null : b.gasUsed / b.itemCount, b.gasSaved,
                        WithdrawalResource.hex(b.txHash), b.createdAt)).toList());
    }
}
