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
import io.opwb.storage.DashboardQueries;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The figures of the status page: counts by status, batch totals and gas, recent batches, finalizations per hour
 * and what withdrawals wait for.
 */
@Path("/api/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    static final int RECENT_BATCHES = 20;
    static final int HOURS = 24;
    static final int TOP_REASONS = 5;

    private final WithdrawalRepository withdrawals;
    private final BatchRepository batches;
    private final DashboardQueries pictures;

    public DashboardResource(WithdrawalRepository withdrawals, BatchRepository batches, DashboardQueries pictures) {
        this.withdrawals = withdrawals;
        this.batches = batches;
        this.pictures = pictures;
    }

    @GET
    @Operation(summary = "Withdrawals by status, batches by kind, gas used and saved, the 20 most recent batches (with"
            + " the one-transaction-per-step gas of their withdrawals), withdrawals finalized per hour over the last 24"
            + " hours, and the top 5 reasons withdrawals wait for")
    @WithSession
    public Uni<DashboardView> dashboard() {
        OffsetDateTime at = OffsetDateTime.now();
        long firstHour = hourStart(at.toEpochSecond()) - (HOURS - 1) * 3600L;
        return withdrawals.countByStatus().chain(byStatus -> batches.totalsByKind()
                .chain(byKind -> batches.newestFirst(null, null).range(0, RECENT_BATCHES - 1).list()
                        .chain(recent -> pictures.finalizedByHour(firstHour)
                                .chain(hours -> pictures.topWaitingReasons(TOP_REASONS)
                                        .map(waiting -> view(at, byStatus, byKind, recent,
                                                perHour(firstHour, hours), waiting(waiting)))))));
    }

    static long hourStart(long epochSeconds) {
        return Math.floorDiv(epochSeconds, 3600L) * 3600L;
    }

    /** Every hour from {@code firstHour} on, {@link #HOURS} of them, oldest first, zeros included. */
    static List<DashboardView.HourCount> perHour(long firstHour, List<DashboardQueries.HourCount> counted) {
        Map<Long, Long> byHour = new java.util.HashMap<>();
        counted.forEach(c -> byHour.put(c.hourStart(), c.withdrawals()));
        List<DashboardView.HourCount> hours = new java.util.ArrayList<>(HOURS);
        for (int i = 0; i < HOURS; i++) {
            long hour = firstHour + i * 3600L;
            hours.add(new DashboardView.HourCount(java.time.Instant.ofEpochSecond(hour), byHour.getOrDefault(hour, 0L)));
        }
        return hours;
    }

    static List<DashboardView.Waiting> waiting(List<DashboardQueries.ReasonCount> counts) {
        return counts.stream().map(c -> new DashboardView.Waiting(c.reasonCode() == null ? null : c.reasonCode().name(),
                ProgressLine.reasonInWords(c.reasonCode()), c.withdrawals())).toList();
    }

    /** What a batch's withdrawals would have cost alone, each: null unless gas used and gas saved are known. */
    static Long oneTransactionPerStep(BatchEntity b) {
        return b.gasUsed == null || b.gasSaved == null || b.itemCount == 0 ? null : (b.gasUsed + b.gasSaved) / b.itemCount;
    }

    static DashboardView view(OffsetDateTime at, Map<WithdrawalStatus, Long> byStatus,
            List<BatchRepository.KindTotals> byKind, List<BatchEntity> recent, List<DashboardView.HourCount> perHour,
            List<DashboardView.Waiting> waiting) {
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
                        WithdrawalResource.hex(b.txHash), b.createdAt, oneTransactionPerStep(b))).toList(),
                perHour, waiting);
    }
}
