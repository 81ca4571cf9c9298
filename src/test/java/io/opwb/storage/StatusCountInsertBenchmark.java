package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What V26's insert trigger costs the backfill: 200,000 withdrawals through {@link WithdrawalBulkInsert}, in
 * statements of 2,000 rows from two threads at once, in rounds of 20,000 with the count trigger enabled and
 * disabled in turn (so that a busy machine weighs on both alike). Prints, and writes to
 * target/benchmarks/status-count-insert.txt, the time per 10,000 rows of each. Run:
 * {@code ./mvnw -o test -Dexec.skip=true -Dtest=StatusCountInsertBenchmark -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusCountInsertBenchmark {

    @Inject
    WithdrawalBulkInsert bulkInsert;

    @Inject
    Pool pool;

    private static final long CHAIN = 7_790;
    private static final int ROWS_PER_STATEMENT = 2_000;
    private static final int STATEMENTS_PER_ROUND = 10;
    private static final int ROUNDS = 10;
    private static final int THREADS = 2;

    private int next;

    @Test
    void insertCostWithAndWithoutTheCountTrigger() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(THREADS);
        List<Long> with = new ArrayList<>();
        List<Long> without = new ArrayList<>();
        try {
            insertRound(writers); // warm-up: plans, connections, the table's first pages
            for (int round = 0; round < ROUNDS; round++) {
                boolean counted = round % 2 == 0;
                sql("alter table withdrawal " + (counted ? "enable" : "disable") + " trigger withdrawal_count_insert");
                (counted ? with : without).add(insertRound(writers));
            }
        } finally {
            sql("alter table withdrawal enable trigger withdrawal_count_insert");
            writers.shutdown();
            // The rows written without the trigger: their counts made good, as the migration's seed would.
            sql("delete from withdrawal_status_count where l2_chain_id = " + CHAIN);
            sql("insert into withdrawal_status_count select l2_chain_id, status, count(*) from withdrawal"
                    + " where l2_chain_id = " + CHAIN + " group by 1, 2");
        }
        int perRound = ROWS_PER_STATEMENT * STATEMENTS_PER_ROUND;
        String report = String.format("V26 insert trigger, %d rows per round through WithdrawalBulkInsert, %d rows per"
                + " statement, %d threads; %d rounds each way, alternating%n"
                + "with the count trigger:    ms per round %s; median %.1f ms per 10,000 rows%n"
                + "without the count trigger: ms per round %s; median %.1f ms per 10,000 rows%n",
                perRound, ROWS_PER_STATEMENT, THREADS, ROUNDS / 2, with, median(with) * 10_000.0 / perRound,
                without, median(without) * 10_000.0 / perRound);
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmarks"));
        Files.writeString(Path.of("target/benchmarks/status-count-insert.txt"), report);
        long counted = pool.query("select count(*) from withdrawal where l2_chain_id = " + CHAIN).execute().await()
                .indefinitely().iterator().next().getLong(0);
        assertEquals((ROUNDS + 1L) * perRound, counted);
    }

    /** One round's rows, made before the clock starts (the backfill makes them on its decode threads); its ms. */
    private long insertRound(ExecutorService writers) throws Exception {
        List<WithdrawalBulkInsert.Columns> statements = new ArrayList<>();
        for (int s = 0; s < STATEMENTS_PER_ROUND; s++) {
            List<NewWithdrawal> rows = new ArrayList<>(ROWS_PER_STATEMENT);
            for (int i = 0; i < ROWS_PER_STATEMENT; i++) {
                rows.add(withdrawal(next++));
            }
            statements.add(WithdrawalBulkInsert.columns(CHAIN, rows));
        }
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(writers.submit(() -> {
                for (int s = thread; s < statements.size(); s += THREADS) {
                    bulkInsert.insert(statements.get(s), new IndexerProgress("count-benchmark-" + thread,
                            next + s, new byte[32], ROWS_PER_STATEMENT, next + s - 10));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A plain ETH withdrawal with 256 bytes of data, as many are. */
    private static NewWithdrawal withdrawal(int i) {
        byte[] hash = java.nio.ByteBuffer.allocate(32).putLong(CHAIN).putInt(i).array();
        byte[] sender = new byte[20];
        sender[19] = (byte) i;
        byte[] data = new byte[256];
        data[0] = (byte) i;
        return new NewWithdrawal(hash, BigDecimal.valueOf(i), sender, new byte[20], BigDecimal.ONE,
                BigDecimal.valueOf(100_000), data, 1_000_000 + i / 4, hash, hash, i % 4, 1_700_000_000L + i);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }
}
