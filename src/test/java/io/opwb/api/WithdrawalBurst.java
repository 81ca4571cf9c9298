package io.opwb.api;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.web3j.utils.Numeric;

import io.opwb.testing.TestWithdrawals;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Many withdrawals, and changes of their statuses, each written by one statement as a big batch or
 * a status pass would: hashes are a random prefix and the row's number, so they sort by number.
 */
final class WithdrawalBurst {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HASH = Pattern.compile("\"withdrawalHash\":\"(0x[0-9a-f]{64})\"");

    private final Pool pool;
    private final byte[] prefix = new byte[28];

    private WithdrawalBurst(Pool pool) {
        this.pool = pool;
        new SecureRandom().nextBytes(prefix);
    }

    /** {@code count} new withdrawals waiting for a game, in one transaction. */
    static WithdrawalBurst insert(Pool pool, int count) {
        WithdrawalBurst burst = new WithdrawalBurst(pool);
        pool.preparedQuery("insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei,"
                + " gas_limit, data, l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index)"
                + " select $1, $2 || int4send(i), 1, $3, $3, 10, 100000, ''::bytea, 1, $4, $2 || int4send(i), 0"
                + " from generate_series(0, $5 - 1) i")
                .execute(Tuple.of(TestWithdrawals.CHAIN, Buffer.buffer(burst.prefix), Buffer.buffer(new byte[20]),
                        Buffer.buffer(new byte[32]), count))
                .await().atMost(TIMEOUT);
        return burst;
    }

    /** Moves withdrawals {@code from} (inclusive) to {@code to} to READY_TO_PROVE in one transaction; its id. */
    long changeStatus(int from, int to, String reason) {
        return pool.withTransaction(c -> c.preparedQuery("update withdrawal set status = 'READY_TO_PROVE',"
                + " status_reason = $1, status_updated_at = now() where l2_chain_id = $2"
                + " and withdrawal_hash >= $3 || int4send($4) and withdrawal_hash < $3 || int4send($5)")
                .execute(Tuple.of(reason, TestWithdrawals.CHAIN, Buffer.buffer(prefix), from, to))
                .chain(() -> c.query("select pg_current_xact_id()::text::bigint").execute())
                .map(rows -> rows.iterator().next().getLong(0)))
                .await().atMost(TIMEOUT);
    }

    /** The hashes of withdrawals {@code from} to {@code to}, in the feed's order. */
    List<String> hashes(int from, int to) {
        List<String> hashes = new ArrayList<>();
        for (int i = from; i < to; i++) {
            hashes.add(hash(i));
        }
        return hashes;
    }

    /**
     * The hashes of the changes whose reason starts with {@code reason} among a stream's data lines,
     * in their order, taken from the queue until {@code count} came or 30 s passed.
     */
    static List<String> changed(BlockingQueue<String> dataLines, String reason, int count) throws InterruptedException {
        List<String> hashes = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (hashes.size() < count && System.nanoTime() < deadline) {
            String line = dataLines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                hashes.addAll(changed(List.of(line), reason));
            }
        }
        return hashes;
    }

    /** The hashes of the changes whose reason starts with {@code reason} among these lines, in their order. */
    static List<String> changed(List<String> lines, String reason) {
        List<String> hashes = new ArrayList<>();
        for (String line : lines) {
            Matcher hash = HASH.matcher(line);
            if (line.contains("\"reason\":\"" + reason) && hash.find()) {
                hashes.add(hash.group(1));
            }
        }
        return hashes;
    }

    /** Fails naming the sizes and the first difference, rather than printing thousands of hashes. */
    static void assertSequence(List<String> expected, List<String> actual, String what) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        if (i < expected.size() || i < actual.size()) {
            throw new AssertionError(what + ": " + expected.size() + " expected, " + actual.size() + " came; at #" + i
                    + " expected " + (i < expected.size() ? expected.get(i) : "nothing") + ", came "
                    + (i < actual.size() ? actual.get(i) : "nothing"));
        }
    }

    String hash(int i) {
        byte[] hash = java.util.Arrays.copyOf(prefix, 32);
        java.nio.ByteBuffer.wrap(hash, 28, 4).putInt(i);
        return Numeric.toHexString(hash);
    }
}
