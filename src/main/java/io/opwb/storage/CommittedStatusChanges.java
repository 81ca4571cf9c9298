package io.opwb.storage;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Status changes in the order of the transactions that wrote them (migration V16), read only below
 * the horizon: the oldest transaction still running. Everything below it has committed or rolled
 * back, so no change can appear behind a cursor there later.
 */
@ApplicationScoped
public class CommittedStatusChanges {

    /** One withdrawal's new status (or its insert), as written. */
    public record Change(long l2ChainId, byte[] withdrawalHash, String status, String reason, String reasonCode,
            OffsetDateTime at) {
    }

    /** Changes after a cursor, and the cursor after the last of them. */
    public record Slice(List<Change> changes, FeedCursor end) {
    }

    private static final String HORIZON = "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
    private static final String AFTER = "select status_txid, l2_chain_id, withdrawal_hash, status, status_reason,"
            + " reason_code, status_updated_at from withdrawal where (status_txid, l2_chain_id, withdrawal_hash) > ($1, $2, $3)"
            + " and status_txid < $4 order by status_txid, l2_chain_id, withdrawal_hash limit $5";

    private final Pool pool;

    CommittedStatusChanges(Pool pool) {
        this.pool = pool;
    }

    /**
     * The oldest transaction id still running. Read before the changes, in a statement of its own:
     * a later statement's snapshot sees every transaction below it as finished.
     */
    public Uni<Long> horizon() {
        return pool.query(HORIZON).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Up to {@code limit} changes after the cursor and below the horizon, in cursor order. */
    public Uni<Slice> after(FeedCursor cursor, long horizon, int limit) {
        return pool.preparedQuery(AFTER).execute(Tuple.of(cursor.txid(), cursor.chainId(),
                Buffer.buffer(cursor.withdrawalHash()), horizon, limit)).map(rows -> {
                    List<Change> changes = new ArrayList<>(rows.size());
                    FeedCursor end = cursor;
                    for (Row row : rows) {
                        byte[] hash = row.getBuffer("withdrawal_hash").getBytes();
                        long chainId = row.getLong("l2_chain_id");
                        changes.add(new Change(chainId, hash, row.getString("status"), row.getString("status_reason"),
                                row.getString("reason_code"), row.getOffsetDateTime("status_updated_at")));
                        end = new FeedCursor(row.getLong("status_txid"), chainId, hash);
                    }
                    return new Slice(changes, end);
                });
    }
}
