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
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The figures of the status page: counts by status, batch totals and gas, recent batches. */
@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    static final int RECENT_BATCHES = 20;

    @GET
    @Operation(summary = "Withdrawals by status, batches by kind, gas used and saved, the 20 most recent batches")
    @WithSession
    public Uni<DashboardView> dashboard() {
        OffsetDateTime at = OffsetDateTime.now();
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select status, count(*) from WithdrawalEntity group by status", Object[].class).getResultList()
                .chain(byStatus -> s.createSelectionQuery("select kind, count(*), sum(gasUsed), sum(gasSaved),"
                        + " count(gasSaved) from BatchEntity group by kind", Object[].class).getResultList()
                        .chain(byKind -> s.createSelectionQuery("from BatchEntity order by id desc", BatchEntity.class)
                                .setMaxResults(RECENT_BATCHES).getResultList()
                                .map(recent -> view(at, byStatus, byKind, recent)))));
    }

    static DashboardView view(OffsetDateTime at, List<Object[]> byStatus, List<Object[]> byKind,
            List<BatchEntity> recent) {
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (WithdrawalStatus status : WithdrawalStatus.values()) {
            statuses.put(status.name(), 0L);
        }
        long withdrawals = 0;
        for (Object[] row : byStatus) {
            long n = (Long) row[1];
            statuses.merge(((WithdrawalStatus) row[0]).name(), n, Long::sum);
            withdrawals += n;
        }
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (BatchKind kind : BatchKind.values()) {
            kinds.put(kind.name(), 0L);
        }
        long batches = 0;
        long gasUsed = 0;
        long gasSaved = 0;
        long withGasSaved = 0;
        for (Object[] row : byKind) {
            long n = (Long) row[1];
            kinds.merge(((BatchKind) row[0]).name(), n, Long::sum);
            batches += n;
            gasUsed += row[2] == null ? 0 : ((Number) row[2]).longValue();
            gasSaved += row[3] == null ? 0 : ((Number) row[3]).longValue();
            withGasSaved += (Long) row[4];
        }
        return new DashboardView(at, withdrawals, statuses,
                new DashboardView.Totals(batches, kinds, gasUsed, gasSaved, withGasSaved),
                recent.stream().map(b -> new DashboardView.RecentBatch(b.id, b.kind.name(), b.status.name(), b.itemCount, b.gasUsed,
                        b.gasUsed == null || b.itemCount == 0 ? null : b.gasUsed / b.itemCount, b.gasSaved,
                        WithdrawalResource.hex(b.txHash), b.createdAt)).toList());
    }
}
