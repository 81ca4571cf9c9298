package io.opwb.storage;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The dashboard's pictures, each one statement on an index that holds only what it counts, so that its
 * cost follows the last day's finalizations and the work in flight, never the table's history (issue 23).
 */
@ApplicationScoped
public class DashboardQueries {

    /** Withdrawals we saw finalized in one hour (its first second, epoch seconds). */
    public record HourCount(long hourStart, long withdrawals) {
    }

    /** Withdrawals still in progress with one reason code (null: none recorded yet). */
    public record ReasonCount(ReasonCode reasonCode, long withdrawals) {
    }

    /** Not final, not skipped: the statuses whose withdrawals are waiting for something (V22 withdrawal_waiting_reason). */
    static final String WAITING = "status not in ('FINALIZED', 'FINALIZED_FAILED_CALL', 'SKIPPED')";

    static final String FINALIZED_BY_HOUR = "select (floor(extract(epoch from finalized_seen_at) / 3600) * 3600)::bigint"
            + " as hour, count(*) from withdrawal where finalized_seen_at >= to_timestamp($1) group by 1 order by 1";
    static final String TOP_WAITING_REASONS = "select reason_code, count(*) from withdrawal where " + WAITING
            + " group by reason_code order by count(*) desc, reason_code nulls last limit $1";

    private final Pool pool;

    public DashboardQueries(Pool pool) {
        this.pool = pool;
    }

    /** Finalizations seen at or after {@code since} (epoch seconds), by hour; hours without any are absent. */
    public Uni<List<HourCount>> finalizedByHour(long since) {
        // By epoch arithmetic, not date_trunc: hours in UTC whatever the session's time zone (index withdrawal_finalized_seen).
        return pool.preparedQuery(FINALIZED_BY_HOUR).execute(Tuple.of(since)).map(rows -> {
                    List<HourCount> counts = new ArrayList<>(rows.size());
                    rows.forEach(r -> counts.add(new HourCount(r.getLong(0), r.getLong(1))));
                    return counts;
                });
    }

    /** The {@code limit} most common reasons among withdrawals waiting for something, most common first. */
    public Uni<List<ReasonCount>> topWaitingReasons(int limit) {
        return pool.preparedQuery(TOP_WAITING_REASONS).execute(Tuple.of(limit)).map(rows -> {
                    List<ReasonCount> counts = new ArrayList<>(rows.size());
                    rows.forEach(r -> {
                        String code = r.getString(0);
                        counts.add(new ReasonCount(code == null ? null : ReasonCode.valueOf(code), r.getLong(1)));
                    });
                    return counts;
                });
    }
}
