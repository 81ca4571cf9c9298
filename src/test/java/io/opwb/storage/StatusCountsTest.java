package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The counts V26 keeps equal a count over the rows after every kind of write: multi-row inserts (ON CONFLICT
 * DO NOTHING included, and the backfill's own statement), status and chain changes one row or many at a
 * time, deletes, truncation, rolled-back transactions, two writers at once, and folds. The database is shared
 * with other tests: the whole table is compared, whatever else it holds.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusCountsTest {

    private static final long CHAIN = 7_726;
    private static final long OTHER_CHAIN = 7_727;

    @Inject
    Pool pool;

    @Inject
    StatusCounts counts;

    @Inject
    WithdrawalBulkInsert bulkInsert;

    @Test
    void countsFollowInsertsUpdatesDeletesAndRollbacks() {
        sql(insert(CHAIN, 1, 600));
        assertCountsExact("multi-row insert, four statuses");
        sql(insert(CHAIN, 500, 900)); // 101 of these are there already: left alone, not counted twice
        assertCountsExact("insert on conflict do nothing");
        bulkInsert.insert(WithdrawalBulkInsert.columns(CHAIN, List.of(newWithdrawal(1), newWithdrawal(2))),
                new IndexerProgress("status-counts-test", 1, new byte[32], 10, 0));
        assertCountsExact("the backfill's statement");

        sql("update withdrawal set status = 'READY_TO_PROVE' where l2_chain_id = " + CHAIN
                + " and withdrawal_hash = " + hash(7));
        sql("update withdrawal set status = 'FINALIZED', finalized_seen_at = now() where l2_chain_id = " + CHAIN
                + " and status = 'READY_TO_FINALIZE'");
        sql("update withdrawal set prove_failures = prove_failures + 1 where l2_chain_id = " + CHAIN); // status unchanged
        assertCountsExact("status changes, one row and many");
        sql("update withdrawal set l2_chain_id = " + OTHER_CHAIN + " where l2_chain_id = " + CHAIN
                + " and l2_block_number > 800");
        assertCountsExact("rows given to another chain");

        Map<String, Long> before = maintained();
        SqlConnection c = pool.getConnection().await().indefinitely();
        try {
            Transaction t = c.begin().await().indefinitely();
            c.query(insert(CHAIN, 2_000, 2_100)).execute().await().indefinitely();
            c.query("update withdrawal set status = 'SKIPPED' where l2_chain_id = " + CHAIN).execute().await().indefinitely();
            c.query("delete from withdrawal where l2_chain_id = " + OTHER_CHAIN).execute().await().indefinitely();
            t.rollback().await().indefinitely();
        } finally {
            c.closeAndAwait();
        }
        assertEquals(before, maintained(), "a rolled-back transaction changes no count");
        assertCountsExact("after a rollback");

        sql("delete from withdrawal where l2_chain_id = " + CHAIN + " and l2_block_number > 700");
        assertCountsExact("deletes (a reorg's)");
        sql("delete from withdrawal where l2_chain_id = " + OTHER_CHAIN);
        assertCountsExact("a chain's last withdrawals deleted");
        assertTrue(maintained().keySet().stream().noneMatch(k -> k.startsWith(OTHER_CHAIN + "/")),
                "a pair with no withdrawals is absent, as in a count over the rows");

        counts.fold().await().indefinitely();
        assertCountsExact("after a fold");
        long rows = sql("select count(*) from withdrawal_status_count where l2_chain_id = " + CHAIN);
        assertEquals(sql("select count(distinct status) from withdrawal where l2_chain_id = " + CHAIN), rows,
                "folded: one row per status");
    }

    @Test
    void twoWritersAtOnceNeitherWaitsAndBothAreCounted() {
        long chain = CHAIN + 10;
        sql(insert(chain, 1, 400));
        SqlConnection first = pool.getConnection().await().indefinitely();
        SqlConnection second = pool.getConnection().await().indefinitely();
        try {
            Transaction one = first.begin().await().indefinitely();
            Transaction two = second.begin().await().indefinitely();
            // A lock wait would fail the statement: the writers share no row of the counts.
            first.query("set local lock_timeout = '3s'").execute().await().indefinitely();
            second.query("set local lock_timeout = '3s'").execute().await().indefinitely();
            first.query(insert(chain, 1_000, 1_300)).execute().await().indefinitely();
            first.query("update withdrawal set status = 'PROVEN_MATURING' where l2_chain_id = " + chain
                    + " and l2_block_number <= 100").execute().await().indefinitely();
            second.query(insert(chain, 2_000, 2_300)).execute().await().indefinitely();
            second.query("update withdrawal set status = 'PROVEN_MATURING' where l2_chain_id = " + chain
                    + " and l2_block_number between 101 and 200").execute().await().indefinitely();
            counts.fold().await().indefinitely(); // folds what is committed, while both are open
            assertCountsExact("two writers open");
            one.commit().await().indefinitely();
            assertCountsExact("the first committed");
            two.commit().await().indefinitely();
        } finally {
            first.closeAndAwait();
            second.closeAndAwait();
        }
        assertCountsExact("both committed");
        counts.fold().await().indefinitely();
        assertCountsExact("folded");
    }

    @Test
    void aFoldAtTheSameTimeAsAnotherLosesNothing() {
        long chain = CHAIN + 20;
        sql(insert(chain, 1, 300));
        sql(insert(chain, 301, 600));
        SqlConnection c = pool.getConnection().await().indefinitely();
        try {
            Transaction t = c.begin().await().indefinitely();
            c.query(StatusCounts.FOLD).execute().await().indefinitely(); // holds the rows it folded until commit
            var second = counts.fold().subscribeAsCompletionStage(); // waits for them, then skips them
            sql(insert(chain, 601, 700));
            t.commit().await().indefinitely();
            second.join();
        } finally {
            c.closeAndAwait();
        }
        assertCountsExact("two folds at once");
    }

    @Test
    void batchTotalsFollowTheirBatches() {
        long chain = CHAIN + 30;
        sql("insert into batch (l2_chain_id, kind, status, item_count, gas_used, gas_saved) select " + chain
                + ", case when i % 2 = 0 then 'PROVE' else 'FINALIZE' end, 'SUBMITTED', 3, null, null"
                + " from generate_series(1, 40) i");
        assertBatchTotalsExact("batches sent");
        sql("update batch set status = 'CONFIRMED', gas_used = 300000 + id where l2_chain_id = " + chain + " and id % 3 = 0");
        sql("update batch set gas_saved = 100000 where l2_chain_id = " + chain + " and id % 6 = 0");
        sql("update batch set tx_hash = '\\x01'::bytea where l2_chain_id = " + chain); // counts nothing
        assertBatchTotalsExact("mined, gas known");
        Map<String, Long> before = batchTotals(StatusCounts.BATCH_TOTALS_BY_KIND);
        SqlConnection c = pool.getConnection().await().indefinitely();
        try {
            Transaction t = c.begin().await().indefinitely();
            c.query("update batch set status = 'REVERTED' where l2_chain_id = " + chain).execute().await().indefinitely();
            t.rollback().await().indefinitely();
        } finally {
            c.closeAndAwait();
        }
        assertEquals(before, batchTotals(StatusCounts.BATCH_TOTALS_BY_KIND), "rolled back");
        sql("delete from batch where l2_chain_id = " + chain + " and id % 5 = 0");
        counts.fold().await().indefinitely();
        assertBatchTotalsExact("deleted, folded");
    }

    @Test
    void theCountsAreReadWithoutTouchingWithdrawalsOrBatches() {
        sql(insert(CHAIN + 40, 1, 2_000));
        sql("analyze withdrawal");
        for (String read : List.of(StatusCounts.BY_CHAIN_AND_STATUS, StatusCounts.BY_STATUS,
                StatusCounts.BATCHES_BY_CHAIN_KIND_AND_STATUS, StatusCounts.BATCH_TOTALS_BY_KIND)) {
            List<String> plan = new java.util.ArrayList<>();
            pool.query("explain " + read).execute().await().indefinitely().forEach(r -> plan.add(r.getString(0)));
            assertTrue(plan.stream().noneMatch(line -> line.matches(".* on (withdrawal|batch)( .*|$)")),
                    String.join("\n", plan));
            assertTrue(plan.stream().anyMatch(line -> line.matches(".* on (withdrawal_status_count|batch_count)( .*|$)")),
                    String.join("\n", plan));
        }
    }

    private void assertBatchTotalsExact(String after) {
        assertEquals(batchTotals("select kind, count(*), coalesce(sum(gas_used), 0), coalesce(sum(gas_saved), 0),"
                + " count(gas_saved) from batch group by kind"), batchTotals(StatusCounts.BATCH_TOTALS_BY_KIND), after);
        Map<String, Long> counted = new TreeMap<>();
        pool.query("select l2_chain_id, kind, status, count(*) from batch group by 1, 2, 3").execute().await()
                .indefinitely().forEach(r -> counted.put(r.getLong(0) + "/" + r.getString(1) + "/" + r.getString(2), r.getLong(3)));
        Map<String, Long> kept = new TreeMap<>();
        pool.query(StatusCounts.BATCHES_BY_CHAIN_KIND_AND_STATUS).execute().await().indefinitely()
                .forEach(r -> kept.put(r.getLong(0) + "/" + r.getString(1) + "/" + r.getString(2), r.getLong(3)));
        assertEquals(counted, kept, after);
    }

    /** Kind, then each figure: "PROVE/batches" and so on. */
    private Map<String, Long> batchTotals(String query) {
        Map<String, Long> totals = new TreeMap<>();
        pool.query(query).execute().await().indefinitely().forEach(r -> {
            List<String> figures = List.of("batches", "gasUsed", "gasSaved", "withGasSaved");
            for (int i = 0; i < figures.size(); i++) {
                totals.put(r.getString(0) + "/" + figures.get(i), r.getLong(i + 1));
            }
        });
        return totals;
    }

    /** Rows {@code from..to} of a chain: nine in ten of the first statuses, as a count would see them. */
    static String insert(long chain, int from, int to) {
        return "insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei, gas_limit, data,"
                + " l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, status)"
                + " select " + chain + ", sha256(int4send(i) || int8send(" + chain + ")), i, '\\x" + "11".repeat(20)
                + "'::bytea, '\\x" + "22".repeat(20) + "'::bytea, 1, 100000, '\\x'::bytea, i, sha256(int4send(i)),"
                + " sha256(int4send(i)), 0, (array['WAITING_FOR_GAME', 'READY_TO_PROVE', 'READY_TO_FINALIZE', 'FINALIZED'])"
                + "[1 + i % 4] from generate_series(" + from + ", " + to + ") i on conflict do nothing";
    }

    private static String hash(int i) {
        return "sha256(int4send(" + i + ") || int8send(" + CHAIN + "::bigint))";
    }

    private static NewWithdrawal newWithdrawal(int i) {
        byte[] hash = new byte[32];
        hash[0] = 0x77;
        hash[31] = (byte) i;
        return new NewWithdrawal(hash, java.math.BigDecimal.valueOf(i), new byte[20], new byte[20],
                java.math.BigDecimal.ONE, java.math.BigDecimal.valueOf(100_000), new byte[0], 10_000 + i, new byte[32],
                new byte[32], 0);
    }

    private void assertCountsExact(String after) {
        Map<String, Long> counted = new TreeMap<>();
        pool.query("select l2_chain_id, status, count(*) from withdrawal group by l2_chain_id, status").execute()
                .await().indefinitely().forEach(r -> counted.put(r.getLong(0) + "/" + r.getString(1), r.getLong(2)));
        assertEquals(counted, maintained(), after);
    }

    private Map<String, Long> maintained() {
        Map<String, Long> kept = new TreeMap<>();
        pool.query(StatusCounts.BY_CHAIN_AND_STATUS).execute().await().indefinitely()
                .forEach(r -> kept.put(r.getLong(0) + "/" + r.getString(1), r.getLong(2)));
        return kept;
    }

    private long sql(String statement) {
        var rows = pool.query(statement).execute().await().indefinitely();
        return rows.size() == 1 && rows.columnsNames().size() == 1 && rows.iterator().next().getValue(0) instanceof Number n
                ? n.longValue() : rows.rowCount();
    }
}
