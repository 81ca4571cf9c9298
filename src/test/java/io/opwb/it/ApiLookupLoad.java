package io.opwb.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.web3j.utils.Numeric;

import io.opwb.api.WithdrawalCursors;

/**
 * The status API's look-ups under a fixed load, the same at every table size (issue 23: their p99 at
 * 2,000,000 withdrawals within 20 % of that at 20,000): keys sampled at random from the whole table
 * (old finalized rows and new open ones alike, so neither size has only warm rows), a warm-up of all
 * look-ups, then each look-up alone under wrk ({@value #CONNECTIONS} connections, {@value #SECONDS} s)
 * while the service's pipeline keeps running. And the plan each look-up's statement gets: the statement
 * as the service sent it (read from {@code pg_stat_activity} during the load), prepared, run five times as
 * the service's cached statements are (PostgreSQL may then keep a generic plan), then explained for
 * {@value #EXPLAINED} keys; the shapes seen are compared across sizes.
 */
final class ApiLookupLoad {

    static final int CONNECTIONS = 8;
    static final int SECONDS = 20;
    /**
     * All look-ups mixed before the first is measured: with 10 s (300 requests a second on a busy machine)
     * the first one measured still ran while the JIT compiled, at a third of the rate of the same work after it.
     */
    static final int WARM_UP_SECONDS = 30;
    /** Rows sampled for the keys. */
    static final int SAMPLE = 5_000;
    /** Keys each statement is explained for, after five executions. */
    static final int EXPLAINED = 10;
    /** A page's size as the API asks for it: one row more than the page, to know whether there is a next. */
    private static final int PAGE = 50;

    /** A sampled row: what each look-up needs of it. */
    record Key(byte[] hash, byte[] txHash, byte[] l2Account, byte[] l1Account, long block, int logIndex, long chainId) {
    }

    /**
     * A look-up: its row's name, its path for a key (the n-th sampled), how its statement reads (to find it
     * among those the service sent) and its parameters for a key, in the statement's order.
     */
    enum Lookup {
        BY_HASH("by withdrawal hash: `GET /api/withdrawals/{hash}`", (k) -> "/api/withdrawals/" + hex(k.hash()),
                sql -> sql.contains("where w.withdrawal_hash = $1"), k -> List.of(bytea(k.hash()))),
        BY_TX("by L2 transaction: `GET /api/l2-transactions/{hash}/withdrawals`",
                k -> "/api/l2-transactions/" + hex(k.txHash()) + "/withdrawals", sql -> sql.contains("where w.l2_tx_hash = $1"),
                k -> List.of(bytea(k.txHash()))),
        /** Every other key by its L2 account (the sender: ~100 withdrawals each), the others by its L1 account (one each). */
        BY_ADDRESS("by address: `GET /api/addresses/{address}/withdrawals` (senders with ~100 withdrawals each, and"
                + " targets with one)", k -> "/api/addresses/" + hex(address(k)) + "/withdrawals?size=" + PAGE,
                sql -> sql.contains("l2_account = $1"), k -> List.of(bytea(address(k)), Integer.toString(PAGE + 1))),
        FIRST_PAGE("the list's first page: `GET /api/withdrawals?size=50` (with its total, counted up to 1,000)",
                k -> "/api/withdrawals?size=" + PAGE, sql -> sql.contains(" as matching") && sql.contains("offset $"),
                k -> List.of(Integer.toString(PAGE + 1), "0")),
        DEEP_PAGE("a deep page by cursor: `GET /api/withdrawals?after={cursor}&size=50`, after a sampled row",
                k -> "/api/withdrawals?after=" + WithdrawalCursors.after(k.block(), k.logIndex(), k.chainId(), k.hash())
                        + "&size=" + PAGE,
                sql -> sql.contains("w.withdrawal_hash) < ($") && !sql.contains("l2_account"),
                k -> List.of(Long.toString(k.block()), Integer.toString(k.logIndex()), Long.toString(k.chainId()),
                        bytea(k.hash()), Integer.toString(PAGE + 1)));

        final String title;
        final Function<Key, String> path;
        final Predicate<String> statement;
        final Function<Key, List<String>> parameters;

        Lookup(String title, Function<Key, String> path, Predicate<String> statement, Function<Key, List<String>> parameters) {
            this.title = title;
            this.path = path;
            this.statement = statement;
            this.parameters = parameters;
        }

        String id() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** One look-up at one size: wrk's figures, the plan explained with ANALYZE, and the shapes seen over the keys. */
    record Measured(Lookup lookup, WrkLoad.Result load, String plan, Set<String> shapes) {
    }

    private ApiLookupLoad() {
    }

    /** The keys, the load and the plans against the service at {@code baseUrl} and its database {@code jdbcUrl}. */
    static List<Measured> run(String id, String baseUrl, String jdbcUrl, Path out) throws Exception {
        List<Key> keys = sample(jdbcUrl);
        Set<String> statements = ConcurrentHashMap.newKeySet();
        List<Measured> measured = new ArrayList<>();
        try (StatementWatch watch = new StatementWatch(jdbcUrl, statements)) {
            List<String> all = new ArrayList<>();
            for (Lookup lookup : Lookup.values()) {
                all.addAll(paths(lookup, keys.subList(0, 1_000)));
            }
            java.util.Collections.shuffle(all, new java.util.Random(23));
            WrkLoad.run(id + "-warm-up", "warm-up", baseUrl, all, CONNECTIONS, WARM_UP_SECONDS, out);
            List<WrkLoad.Result> loads = new ArrayList<>();
            for (Lookup lookup : Lookup.values()) {
                loads.add(WrkLoad.run(id + "-" + lookup.id(), lookup.title, baseUrl, paths(lookup, keys), CONNECTIONS,
                        SECONDS, out));
            }
            watch.stop();
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
                for (int i = 0; i < loads.size(); i++) {
                    Lookup lookup = Lookup.values()[i];
                    String sql = statements.stream().filter(lookup.statement).findFirst().orElse(null);
                    measured.add(explained(c, lookup, sql, keys, loads.get(i)));
                }
            }
        }
        return measured;
    }

    private static List<String> paths(Lookup lookup, List<Key> keys) {
        return keys.stream().map(lookup.path).toList();
    }

    /** {@value #SAMPLE} rows at random from the whole table (a full scan: the same sample cost at both sizes is not the point). */
    private static List<Key> sample(String jdbcUrl) throws Exception {
        List<Key> keys = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select withdrawal_hash, l2_tx_hash, l2_account, l1_account, l2_block_number,"
                        + " l2_log_index, l2_chain_id from withdrawal order by random() limit " + SAMPLE)) {
            while (r.next()) {
                keys.add(new Key(r.getBytes(1), r.getBytes(2), r.getBytes(3), r.getBytes(4), r.getLong(5), r.getInt(6),
                        r.getLong(7)));
            }
        }
        if (keys.size() < SAMPLE || keys.stream().anyMatch(k -> k.l2Account() == null || k.l1Account() == null)) {
            throw new IllegalStateException("the sample needs " + SAMPLE + " rows with their parties written: " + keys.size());
        }
        return keys;
    }

    private static byte[] address(Key k) {
        return (k.block() & 1) == 0 ? k.l2Account() : k.l1Account();
    }

    /**
     * The statement prepared as the service's is, executed for five keys (the plan cache's custom plans),
     * then explained with ANALYZE for the next and without it for {@value #EXPLAINED}; the distinct shapes.
     */
    private static Measured explained(Connection c, Lookup lookup, String sql, List<Key> keys, WrkLoad.Result load)
            throws Exception {
        if (sql == null) {
            return new Measured(lookup, load, "(its statement was not seen in pg_stat_activity during the load)", Set.of());
        }
        int declared = parameters(sql);
        if (declared != lookup.parameters.apply(keys.get(0)).size()) {
            return new Measured(lookup, load, sql + "\n(" + declared + " parameters, this benchmark gives "
                    + lookup.parameters.apply(keys.get(0)).size() + ": not explained)", Set.of());
        }
        try (Statement s = c.createStatement()) {
            s.execute("PREPARE lookup AS " + sql);
            try {
                for (int i = 0; i < 5; i++) {
                    s.execute("EXECUTE lookup" + arguments(lookup, keys.get(i)));
                }
                String plan = text(s, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE lookup" + arguments(lookup, keys.get(5)));
                Set<String> shapes = new LinkedHashSet<>();
                for (int i = 6; i < 6 + EXPLAINED; i++) {
                    shapes.add(PlanShape.of(text(s, "EXPLAIN (COSTS OFF) EXECUTE lookup" + arguments(lookup, keys.get(i)))));
                }
                return new Measured(lookup, load, sql + "\n\n" + plan, shapes);
            } finally {
                s.execute("DEALLOCATE lookup");
            }
        }
    }

    private static int parameters(String sql) {
        Matcher m = Pattern.compile("\\$(\\d+)").matcher(sql);
        int highest = 0;
        while (m.find()) {
            highest = Math.max(highest, Integer.parseInt(m.group(1)));
        }
        return highest;
    }

    private static String arguments(Lookup lookup, Key key) {
        return "(" + String.join(", ", lookup.parameters.apply(key)) + ")";
    }

    private static String text(Statement s, String sql) throws Exception {
        StringBuilder text = new StringBuilder();
        try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                text.append(r.getString(1)).append('\n');
            }
        }
        return text.toString();
    }

    private static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    private static String bytea(byte[] bytes) {
        return "'\\x" + Numeric.toHexStringNoPrefix(bytes) + "'::bytea";
    }

    /**
     * The statements the database's other sessions run, read from {@code pg_stat_activity} every 200 ms
     * on a thread of its own (the server must keep them whole: {@code track_activity_query_size}).
     */
    private static final class StatementWatch implements AutoCloseable {

        private final Thread thread;
        private volatile boolean running = true;

        StatementWatch(String jdbcUrl, Set<String> statements) throws Exception {
            Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
            PreparedStatement ps = c.prepareStatement("select query from pg_stat_activity where datname = current_database()"
                    + " and pid <> pg_backend_pid() and query like 'select %'");
            thread = new Thread(() -> {
                try (c; ps) {
                    while (running) {
                        try (ResultSet r = ps.executeQuery()) {
                            while (r.next()) {
                                statements.add(r.getString(1));
                            }
                        }
                        Thread.sleep(200);
                    }
                } catch (Exception e) {
                    statements.add("-- watching pg_stat_activity failed: " + e);
                }
            }, "pg-stat-activity-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
