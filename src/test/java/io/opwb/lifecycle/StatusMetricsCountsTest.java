package io.opwb.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opwb.chain.ChainContext;
import io.opwb.chain.Chains;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The metrics' withdrawal and batch gauges, now read from the counts V26 keeps, show what a count over the
 * rows shows: for every status of the primary chain (zeros included) and every kind and status of its batches,
 * after withdrawals are written, change status and leave, and batches are sent and mined.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusMetricsCountsTest {

    @Inject
    StatusMetrics metrics;

    @Inject
    MeterRegistry registry;

    @Inject
    Chains chains;

    @Inject
    Pool pool;

    @Test
    void gaugesEqualACountOverTheRows() {
        ChainContext chain = chains.primary();
        sql("insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei, gas_limit, data,"
                + " l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, status)"
                + " select $1, sha256(int4send(i) || '\\x6d'::bytea), i, '\\x" + "33".repeat(20) + "'::bytea, '\\x"
                + "44".repeat(20) + "'::bytea, 1, 100000, '\\x'::bytea, i, sha256(int4send(i)), sha256(int4send(i)), 0,"
                + " (array['WAITING_FOR_GAME', 'READY_TO_PROVE', 'FINALIZED', 'SKIPPED'])[1 + i % 4]"
                + " from generate_series(1, 300) i on conflict do nothing", chain.id());
        sql("update withdrawal set status = 'PROVEN_MATURING' where l2_chain_id = $1 and status = 'READY_TO_PROVE'"
                + " and l2_block_number < 100", chain.id());
        sql("delete from withdrawal where l2_chain_id = $1 and status = 'SKIPPED' and l2_block_number > 200", chain.id());
        sql("insert into batch (l2_chain_id, kind, status, item_count) select $1, case when i % 2 = 0 then 'PROVE'"
                + " else 'FINALIZE' end, 'SUBMITTED', 2 from generate_series(1, 9) i", chain.id());
        sql("update batch set status = 'CONFIRMED', gas_used = 1 where l2_chain_id = $1 and id % 3 = 0", chain.id());

        metrics.refresh();

        for (WithdrawalStatus status : WithdrawalStatus.values()) {
            long counted = count("select count(*) from withdrawal where l2_chain_id = $1 and status = $2", chain.id(),
                    status.name());
            Gauge gauge = registry.find("opwb.withdrawals").tags("chain", chain.name(), "status", status.name()).gauge();
            assertEquals(counted, (long) gauge.value(), status.name());
        }
        for (BatchKind kind : BatchKind.values()) {
            for (BatchStatus status : BatchStatus.values()) {
                long counted = count("select count(*) from batch where l2_chain_id = $1 and kind = $2 and status = $3",
                        chain.id(), kind.name(), status.name());
                Gauge gauge = registry.find("opwb.batches")
                        .tags("chain", chain.name(), "kind", kind.name(), "status", status.name()).gauge();
                assertEquals(counted, gauge == null ? 0 : (long) gauge.value(), kind + " " + status);
            }
        }
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(params)).await().indefinitely();
    }

    private long count(String query, Object... params) {
        return pool.preparedQuery(query).execute(Tuple.from(params)).await().indefinitely().iterator().next().getLong(0);
    }
}
