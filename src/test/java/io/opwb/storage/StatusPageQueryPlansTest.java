package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The status page's new reads stay on the V22 indexes (issue 23: no cost growing with history): on a table of
 * 40,000 withdrawals of a chain of its own, mostly final, PostgreSQL plans each through the index meant for it.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusPageQueryPlansTest {

    private static final long CHAIN = 7_722;

    @Inject
    Pool pool;

    @Test
    void eachReadUsesItsIndex() {
        // 2,000 accounts with 20 withdrawals each; 1 in 40 still waiting (one reason), the rest final over 100 days.
        pool.query("insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei, gas_limit, data,"
                + " l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, status, reason_code, finalized_seen_at,"
                + " l2_account, l1_account)"
                + " select " + CHAIN + ", sha256(int4send(i) || '\\x7722'::bytea), i, substring(sha256(int4send(i % 2000)) from 1 for 20),"
                + " substring(sha256(int4send(i % 2000 + 5000)) from 1 for 20), 1, 100000, '\\x'::bytea, i, sha256(int4send(i)),"
                + " sha256(int4send(i)), 0, case when i % 40 = 0 then 'WAITING_FOR_GAME' else 'FINALIZED' end,"
                + " case when i % 40 = 0 then 'NO_GAME_YET' else 'FINALIZED_BY_US' end,"
                + " case when i % 40 = 0 then null else now() - (i % 2400) * interval '1 hour' end,"
                + " substring(sha256(int4send(i % 2000)) from 1 for 20), substring(sha256(int4send(i % 2000 + 5000)) from 1 for 20)"
                + " from generate_series(1, 40000) i on conflict do nothing").execute().await().indefinitely();
        pool.query("analyze withdrawal").execute().await().indefinitely();

        byte[] account = pool.query("select l2_account from withdrawal where l2_chain_id = " + CHAIN + " limit 1").execute()
                .await().indefinitely().iterator().next().getBuffer(0).getBytes();
        String plan = plan(WithdrawalDetails.byAddressSql(false, false), Tuple.of(Buffer.buffer(account), 51));
        assertTrue(plan.contains("withdrawal_l2_account_newest") && plan.contains("withdrawal_l1_account_newest"), plan);
        plan = plan(WithdrawalDetails.byAddressSql(true, true), Tuple.tuple(List.of(Buffer.buffer(account), CHAIN, 30_000L,
                0, CHAIN, Buffer.buffer(new byte[32]), 51)));
        assertTrue(plan.contains("withdrawal_l2_account_newest") && plan.contains("withdrawal_l1_account_newest"), plan);

        plan = plan(DashboardQueries.TOP_WAITING_REASONS, Tuple.of(5));
        assertTrue(plan.contains("withdrawal_waiting_reason"), plan);
        plan = plan(DashboardQueries.FINALIZED_BY_HOUR, Tuple.of(java.time.Instant.now().getEpochSecond() - 24 * 3600));
        assertTrue(plan.contains("withdrawal_finalized_seen"), plan);
        // Its index matters once few rows are left to fill; right after an upgrade, or in this suite's shared
        // database where other tests' rows are written without their parties, a scan that stops at 500 is cheaper.
        // So: can the index answer it (its predicate matches), with scans ruled out for this one statement?
        plan = planWithoutScans(WithdrawalParties.UNFILLED, Tuple.of(500));
        assertTrue(plan.contains("withdrawal_decoded_unfilled"), plan);
    }

    private String planWithoutScans(String sql, Tuple params) {
        List<String> lines = new ArrayList<>();
        pool.withTransaction(c -> c.query("set local enable_seqscan = off").execute()
                .chain(() -> c.preparedQuery("explain " + sql).execute(params))).await().indefinitely()
                .forEach(r -> lines.add(r.getString(0)));
        return String.join("\n", lines);
    }

    private String plan(String sql, Tuple params) {
        List<String> lines = new ArrayList<>();
        pool.preparedQuery("explain " + sql).execute(params).await().indefinitely().forEach(r -> lines.add(r.getString(0)));
        return String.join("\n", lines);
    }
}
