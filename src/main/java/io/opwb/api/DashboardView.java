package io.opwb.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: withdrawals by status (every status, zeros included), batch totals, and the most
 * recent batches. Gas saved is against one transaction per withdrawal and step; it is known only for
 * batches whose items' solo gas was measured, so the total says how many batches it covers.
 */
public record DashboardView(OffsetDateTime at, long withdrawals, Map<String, Long> withdrawalsByStatus,
        Totals totals, List<RecentBatch> recentBatches, List<HourCount> finalizedPerHour, List<Waiting> waiting) {

    /** Withdrawals we saw finalized in an hour (from {@code hour}, its start, UTC); the last 24 hours, oldest first. */
    public record HourCount(Instant hour, long withdrawals) {
    }

    /** How many withdrawals wait (not final, not skipped) with a reason code (null: none yet), and the reason in words. */
    public record Waiting(String reasonCode, String reason, long withdrawals) {
    }

    /** Batches by kind (every kind, zeros included); gas used by mined batches; gas saved where known. */
    public record Totals(long batches, Map<String, Long> batchesByKind, long gasUsed, long gasSaved,
            long batchesWithGasSaved) {
    }

    /**
     * A batch as the dashboard lists it; gas figures are null until it is mined (gas saved: or when unknown).
     * {@code oneTransactionPerStepGasPerWithdrawal}: what each of its withdrawals would have cost alone, one
     * transaction per step ((gas used + gas saved) / items), beside {@code gasPerWithdrawal}; null unless both known.
     */
    public record RecentBatch(long id, String kind, String status, int itemCount, Long gasUsed, Long gasPerWithdrawal,
            Long gasSaved, String txHash, OffsetDateTime createdAt, Long oneTransactionPerStepGasPerWithdrawal) {
    }
}
