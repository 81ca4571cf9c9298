package io.opwb.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: withdrawals by status (every status, zeros included), batch totals, and the most
 * recent batches. Gas saved is against one transaction per withdrawal and step; it is known only for
 * batches whose items' solo gas was measured, so the total says how many batches it covers.
 */
public record DashboardView(OffsetDateTime at, long withdrawals, Map<String, Long> withdrawalsByStatus,
        Totals totals, List<RecentBatch> recentBatches) {

    /** Batches by kind (every kind, zeros included); gas used by mined batches; gas saved where known. */
    public record Totals(long batches, Map<String, Long> batchesByKind, long gasUsed, long gasSaved,
            long batchesWithGasSaved) {
    }

    /** A batch as the dashboard lists it; gas figures are null until it is mined (gas saved: or when unknown). */
    public record RecentBatch(long id, String kind, String status, int itemCount, Long gasUsed, Long gasPerWithdrawal,
            Long gasSaved, String txHash, OffsetDateTime createdAt) {
    }
}
