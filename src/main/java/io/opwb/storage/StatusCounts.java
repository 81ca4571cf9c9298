package io.opwb.storage;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Withdrawals by chain and status (and batches by chain, kind and status, with their gas) as V26 keeps them (issue 23): triggers append each statement's changes to
 * {@code withdrawal_status_count}, a reader sums a pair's rows, and the worker folds them now and then into
 * one row per pair. Exact (a reader sees the counts of the rows its snapshot sees), and read in time that
 * follows the number of pairs and of changes since the last fold, not the number of withdrawals.
 */
@ApplicationScoped
public class StatusCounts {

    /** Pairs that sum to zero are left out, as a count over the rows would leave them out. */
    static final String BY_CHAIN_AND_STATUS = "select l2_chain_id, status, sum(n)::bigint from withdrawal_status_count"
            + " group by l2_chain_id, status having sum(n) <> 0";
    static final String BY_STATUS = "select status, sum(n)::bigint from withdrawal_status_count group by status"
            + " having sum(n) <> 0";
    /** Batches and their gas, kept the same way ({@code batch_count}). */
    static final String BATCHES_BY_CHAIN_KIND_AND_STATUS = "select l2_chain_id, kind, status, sum(batches)::bigint"
            + " from batch_count group by l2_chain_id, kind, status having sum(batches) <> 0";
    static final String BATCH_TOTALS_BY_KIND = "select kind, sum(batches)::bigint, sum(gas_used)::bigint,"
            + " sum(gas_saved)::bigint, sum(with_gas_saved)::bigint from batch_count group by kind having sum(batches) <> 0";
    /** Each fold one statement (V26's functions): readers see the sums before or after it, never half. */
    static final String FOLD = "select withdrawal_status_count_fold() + batch_count_fold()";

    private final Pool pool;

    public StatusCounts(Pool pool) {
        this.pool = pool;
    }

    /** Folds the changes appended since the last fold; how many rows it folded. */
    public Uni<Long> fold() {
        return pool.query(FOLD).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
