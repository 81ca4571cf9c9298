package io.opwb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A pipeline cycle's cost against history (issue 23): for each size in {@code opwb.bench.sizes}
 * (20,000 and 2,000,000), that many withdrawals written straight into PostgreSQL as the indexers and
 * the status pass would have left them (90 % finalized, with their games, proofs and finalizations;
 * the newest 10 % open, new to the status pass: waiting for a game, ready to prove, proven and
 * maturing, skipped, needing a new proof), then the packaged service in read-only mode (it indexes
 * both devnet chains, follows games and decides statuses every cycle; it sends nothing, so the open
 * withdrawals stay as they are). Reported per size: the first status pass over the open withdrawals,
 * then {@code opwb.bench.cycles} (60) cycles' median, p99 and max from the service's own log, the
 * plans of the cycle's queries (and of the send mode's queues) with their times, and the service's
 * peak RSS. Then, the pipeline still running, the API's look-ups under the same fixed load at every size
 * ({@link ApiLookupLoad}: by hash, by L2 transaction, by address, the first list page, a deep page by
 * cursor; keys from the whole table): requests, rate, p50 and p99 side by side, the largest size's p99
 * against the smallest's, and whether each statement's plan (and each cycle query's) has the same shape
 * at every size. Results in {@code target/cycle-scale-benchmark/results.md}. Not in the default run:
 * {@code ./mvnw verify -Pbenchmark -Dit.test=CycleScaleBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dopwb.bench.sizes=20000,200000}
 */
@Tag("benchmark")
class CycleScaleBenchmarkIT {

    private static final List<Integer> SIZES = Arrays.stream(System.getProperty("opwb.bench.sizes", "20000,2000000")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    private static final int CYCLES = Integer.getInteger("opwb.bench.cycles", 60);
    private static final int HEAP_MB = 256;
    private static final long DAY = 86_400;
    /** L1 time the games and proofs are spread over: the newest games (and the open withdrawals' proofs) are days old. */
    private static final long SPAN = 30 * DAY;
    /** Withdrawals per sender, spread over all of history: an address's look-up has pages to page through at every size. */
    private static final int ACCOUNT_WITHDRAWALS = 100;
    /** Withdrawals per batch of ours, for the finalized ones. */
    private static final int BATCH_ITEMS = 50;
    private static final Pattern CYCLE = Pattern.compile("cycle ended in (\\d+) ms");
    private static final Pattern PASS = Pattern.compile("(\\d+) open withdrawals decided in (\\d+) ms");

    /** What the generated rows must agree with: the devnet's chain, its portal's rules, its L1 time. */
    private record Chain(long chainId, long respectedType, long respectedSince, long now, String batcher) {
    }

    /**
     * One size's figures: the cycles', the service's peak RSS after them and after the API's load too, the
     * statuses left, the cycle's plans by query, and the look-ups under load.
     */
    private record Size(int withdrawals, double generateSeconds, long open, String firstPass, List<Long> cycles,
            List<Long> passes, long peakRssKb, long peakRssWithApiKb, String statuses, Map<String, String> plans,
            List<ApiLookupLoad.Measured> api) {
    }

    @Test
    void aCycleCostsTheSameWhateverTheHistory() throws Exception {
        Path out = ServiceProcess.projectDir().resolve("target/cycle-scale-benchmark");
        Files.createDirectories(out);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                // the API's statements whole in pg_stat_activity, to explain them as the service sends them
                .setServerConfig("track_activity_query_size", "16384").start(); Devnet devnet = Devnet.start(DevnetOptions.forTests())) {
            devnet.warpL1(SPAN);
            var portal = devnet.portalReader();
            Chain chain = new Chain(Long.parseLong(devnet.serviceConfig().get("opwb.chain.l2.chain-id")),
                    portal.respectedGameType().send().longValueExact(),
                    portal.respectedGameTypeUpdatedAt().send().longValueExact(),
                    devnet.l1().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
                            .getTimestamp().longValueExact(),
                    devnet.serviceConfig().get("opwb.chain.batcher-address"));
            List<Size> sizes = new ArrayList<>();
            for (int n : SIZES) {
                sizes.add(measure(n, chain, postgres, devnet, out));
            }
            String results = report(sizes);
            Files.writeString(out.resolve("results.md"), results);
            System.out.println(results);
            for (Size s : sizes) {
                assertTrue(s.peakRssKb() < 512 * 1024, "peak RSS under 512 MB at " + s.withdrawals());
                assertTrue(s.peakRssWithApiKb() < 512 * 1024, "peak RSS under 512 MB with the API's load at " + s.withdrawals());
                s.api().forEach(m -> assertEquals(0, m.load().errors(), m.lookup().title + " at " + s.withdrawals()
                        + ": every request answered 2xx"));
            }
        }
    }

    private Size measure(int n, Chain chain, EmbeddedPostgres postgres, Devnet devnet, Path out) throws Exception {
        String db = "bench_" + n;
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + db;
        Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration").load().migrate();
        long started = System.nanoTime();
        long open;
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            open = generate(c, n, chain);
        }
        double generateSeconds = (System.nanoTime() - started) / 1e9;

        Map<String, String> config = ProcessTestBed.serviceConfig(devnet, postgres);
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + postgres.getPort() + "/" + db);
        config.put("quarkus.datasource.jdbc.url", url);
        config.put("opwb.pipeline.mode", "read-only");
        config.put("quarkus.log.category.\"io.opwb.lifecycle.StatusTracker\".level", "DEBUG");
        config.put("quarkus.log.category.\"io.opwb.pipeline.PipelineCycle\".level", "DEBUG");
        // The withdrawal counts of the metrics are a full count (StatusMetrics); not a cycle's work: out of the way.
        config.put("opwb.metrics.count-every", "1h");
        try (ServiceProcess service = ServiceProcess.start("cycles-" + n, config, out.resolve("service-" + n + ".log"),
                List.of("-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC"), Map.of("MALLOC_ARENA_MAX", "2"))) {
            assertTrue(service.awaitOutput("Listening on", Duration.ofSeconds(120)), service.output());
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            String firstPass = null;
            List<Long> cycles = new ArrayList<>();
            List<Long> passes = new ArrayList<>();
            long peakKb = 0;
            while (System.nanoTime() < deadline && service.alive() && cycles.size() < CYCLES) {
                Thread.sleep(1_000);
                peakKb = Math.max(peakKb, ProcStatus.rssKb(service.pid()));
                String log = service.output();
                int afterFirst = -1;
                Matcher pass = PASS.matcher(log);
                while (pass.find()) {
                    if (firstPass == null && Long.parseLong(pass.group(1)) >= open) {
                        firstPass = String.format("%,d withdrawals in %,d ms", Long.parseLong(pass.group(1)),
                                Long.parseLong(pass.group(2)));
                    }
                    if (firstPass != null && afterFirst < 0) {
                        afterFirst = pass.end();
                    }
                }
                if (afterFirst < 0) {
                    continue;
                }
                // Steady state: the cycles after the one of the first pass, the first two left out (JIT warm-up).
                cycles = matches(CYCLE, log.substring(afterFirst), 2, 1);
                passes = matches(PASS, log.substring(afterFirst), 2, 2);
            }
            peakKb = Math.max(peakKb, ProcStatus.hwmKb(service.pid()));
            assertTrue(cycles.size() >= CYCLES, "cycles measured at " + n + ": " + cycles.size() + "; "
                    + service.output().lines().filter(l -> l.contains("ERROR") || l.contains("WARN")).limit(5).toList());
            // The look-ups under load while the pipeline keeps running, as in production.
            List<ApiLookupLoad.Measured> api = ApiLookupLoad.run("api-" + n, "http://127.0.0.1:" + service.httpPort(), url,
                    out);
            long peakWithApiKb = Math.max(peakKb, ProcStatus.hwmKb(service.pid()));
            String statuses;
            Map<String, String> plans;
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
                statuses = statuses(c);
                plans = plans(c, chain);
            }
            return new Size(n, generateSeconds, open, firstPass, cycles.subList(0, CYCLES), passes, peakKb, peakWithApiKb,
                    statuses, plans, api);
        }
    }

    private static List<Long> matches(Pattern pattern, String text, int skip, int group) {
        List<Long> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(Long.parseLong(m.group(group)));
        }
        return found.subList(Math.min(skip, found.size()), found.size());
    }

    /**
     * The rows, in SQL (generate_series), with the triggers off as a restore would have them: games every
     * 100 L2 blocks up to 97 % of the withdrawals' blocks (one withdrawal a block), all resolved and verified,
     * created over the last {@link #SPAN} of L1 time; the oldest 90 % finalized (our proof against the game
     * covering it, the finalization); the newest 10 % new to the status pass, of which those above the newest
     * game wait for one and the others are, by their number: ready to prove, proven by another party (a
     * proof maturing), skipped (a gas limit no batch can carry), or proven by us against a blacklisted game.
     * As the indexer writes them, each row carries its parties (plain withdrawals: the sender and the
     * target; a sender has {@value #ACCOUNT_WITHDRAWALS} withdrawals spread over all of history), and the
     * finalized ones the two confirmed batches of ours that proved and finalized them (their items not written).
     * Returns how many are open.
     */
    private static long generate(Connection c, int n, Chain chain) throws Exception {
        long finalized = n * 9L / 10;
        long games = Math.max(2, n * 97L / 100 / 100);
        long firstCreated = chain.respectedSince() + 1;
        long createdSpan = chain.now() - 100 - firstCreated;
        byte[] batcher = org.web3j.utils.Numeric.hexStringToByteArray(chain.batcher());
        try (Statement st = c.createStatement()) {
            st.execute("SET session_replication_role = replica"); // no triggers: these rows are already decided
        }
        String gameAddress = "decode('b0' || lpad(to_hex(%s), 38, '0'), 'hex')";
        String gameCreated = "(" + firstCreated + " + (%s - 1) * " + createdSpan + " / " + games + ")";
        execute(c, "INSERT INTO dispute_game (l2_chain_id, game_index, address, game_type, root_claim, l2_block_number,"
                + " created_at, l1_block_number, l1_block_hash, status, resolved_at, root_verified, blacklisted,"
                + " respected_when_created) SELECT ?, 1000000 + k, " + gameAddress.formatted("k") + ", ?,"
                + " sha256(int8send(k)), k * 100, " + gameCreated.formatted("k") + ", 1, sha256(''::bytea), 2,"
                + " least(" + gameCreated.formatted("k") + " + 302400, ?), true, false, true"
                + " FROM generate_series(1, ?) k", chain.chainId(), chain.respectedType(), chain.now() - 1, games);
        // the game our void proofs name
        execute(c, "INSERT INTO dispute_game (l2_chain_id, game_index, address, game_type, root_claim, l2_block_number,"
                + " created_at, l1_block_number, l1_block_hash, status, resolved_at, root_verified, blacklisted,"
                + " respected_when_created) VALUES (?, 999999, decode('b1' || repeat('0', 38), 'hex'), ?,"
                + " sha256('x'::bytea), 100, ?, 1, sha256(''::bytea), 2, ?, true, true, true)", chain.chainId(),
                chain.respectedType(), firstCreated, firstCreated + 1);
        String open = "i > " + finalized + " AND i <= " + games * 100;
        // Plain withdrawals (no data): the indexer writes the sender and the target as the parties (V22), and
        // their kind, DIRECT (V27).
        String sender = "substr(sha256(int8send(i % " + Math.max(1, n / ACCOUNT_WITHDRAWALS) + ") || '\\x01'::bytea), 1, 20)";
        String target = "substr(sha256(int8send(i) || '\\x02'::bytea), 1, 20)";
        // Our batches of the finalized ones, BATCH_ITEMS a batch: prove batch 2k + 1, finalize batch 2k + 2.
        String proveBatch = "(2 * ((i - 1) / " + BATCH_ITEMS + ") + 1)";
        execute(c, "INSERT INTO withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei, gas_limit, data,"
                + " l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, status, proof_submitter, recheck_at,"
                + " l2_account, l1_account, l2_block_time, prove_batch_id, finalize_batch_id, kind)"
                + " SELECT ?, sha256(int8send(i)), i, " + sender + ", " + target + ", 10000000000000000,"
                + " CASE WHEN " + open + " AND i % 7 = 5 THEN 1073741824 ELSE 100000 END, ''::bytea, i,"
                + " sha256(int8send(i) || '\\x03'::bytea), sha256(int8send(i) || '\\x04'::bytea), 0,"
                + " CASE WHEN i <= ? THEN 'FINALIZED' ELSE 'WAITING_FOR_GAME' END,"
                + " CASE WHEN i <= ? THEN ?::bytea END, CASE WHEN i <= ? THEN NULL ELSE 0 END, " + sender + ", " + target
                + ", 1700000000 + 2 * i, CASE WHEN i <= ? THEN " + proveBatch + " END, CASE WHEN i <= ? THEN "
                + proveBatch + " + 1 END, 'DIRECT' FROM generate_series(1, ?) i", chain.chainId(), finalized, finalized, batcher,
                finalized, finalized, finalized, n);
        String game = "((i + 99) / 100)";
        execute(c, "INSERT INTO portal_proof (l2_chain_id, withdrawal_hash, submitter, dispute_game, proven_at,"
                + " l1_block_number, l1_block_hash, l1_tx_hash, log_index)"
                + " SELECT ?, sha256(int8send(i)), CASE WHEN i <= ? OR i % 7 = 6 THEN ?::bytea"
                + " ELSE decode(repeat('cc', 20), 'hex') END,"
                + " CASE WHEN i > ? AND i % 7 = 6 THEN decode('b1' || repeat('0', 38), 'hex') ELSE "
                + gameAddress.formatted(game) + " END,"
                + " CASE WHEN i > ? AND i % 7 = 6 THEN " + (firstCreated + 10) + " ELSE "
                + gameCreated.formatted(game) + " + 10 END, 1, sha256(''::bytea), sha256(int8send(i) || '\\x05'::bytea), 0"
                + " FROM generate_series(1, ?) i WHERE i <= ? OR (" + open + " AND i % 7 IN (2, 3, 6))",
                chain.chainId(), finalized, batcher, finalized, finalized, games * 100, finalized);
        execute(c, "INSERT INTO portal_finalization (l2_chain_id, withdrawal_hash, success, l1_block_number, l1_block_hash,"
                + " l1_tx_hash) SELECT ?, sha256(int8send(i)), true, 1, sha256(''::bytea),"
                + " sha256(int8send(i) || '\\x06'::bytea) FROM generate_series(1, ?) i", chain.chainId(), finalized);
        // Those batches, confirmed (the look-ups join a withdrawal's two by primary key); their items are not written.
        execute(c, "INSERT INTO batch (id, l2_chain_id, kind, status, game_index, item_count, l1_block_number, tx_hash,"
                + " confirmed_at) SELECT b, ?, CASE WHEN b % 2 = 1 THEN 'PROVE' ELSE 'FINALIZE' END, 'CONFIRMED',"
                + " CASE WHEN b % 2 = 1 THEN 1000000 + ((b - 1) / 2 * " + BATCH_ITEMS + " + " + BATCH_ITEMS + " + 99) / 100"
                + " END, " + BATCH_ITEMS + ", 1, sha256(int8send(b) || '\\x07'::bytea), now()"
                + " FROM generate_series(1, 2 * ((? + " + (BATCH_ITEMS - 1) + ") / " + BATCH_ITEMS + ")) b", chain.chainId(),
                finalized);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT setval('batch_id_seq', (SELECT max(id) FROM batch))");
            // The counts (V26) of what was written with the triggers off, as the migration seeds them.
            st.execute("INSERT INTO withdrawal_status_count (l2_chain_id, status, n)"
                    + " SELECT l2_chain_id, status, count(*) FROM withdrawal GROUP BY 1, 2");
            st.execute("INSERT INTO batch_count SELECT l2_chain_id, kind, status, count(*), coalesce(sum(gas_used), 0),"
                    + " coalesce(sum(gas_saved), 0), count(gas_saved) FROM batch GROUP BY 1, 2, 3");
            st.execute("SET session_replication_role = DEFAULT");
            st.execute("VACUUM ANALYZE");
        }
        return n - finalized;
    }

    private static void execute(Connection c, String sql, Object... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    /** The open withdrawals' statuses after the cycles. */
    private static String statuses(Connection c) throws Exception {
        StringBuilder text = new StringBuilder("\nStatuses after the cycles (the finalized ones left out):\n\n```\n");
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT status, reason_code, count(*),"
                + " count(recheck_at) FROM withdrawal WHERE status <> 'FINALIZED' GROUP BY 1, 2 ORDER BY 1, 2")) {
            text.append("status, reason code, withdrawals, with a recheck time\n");
            while (r.next()) {
                text.append(r.getString(1)).append(", ").append(r.getString(2)).append(", ").append(r.getLong(3))
                        .append(", ").append(r.getLong(4)).append('\n');
            }
        }
        return text.append("```\n").toString();
    }

    /**
     * The cycle's queries as the service sends them (Hibernate's SQL, parameters inlined), and the send mode's
     * queues: each one's {@code EXPLAIN (ANALYZE, BUFFERS)}, by query.
     */
    private static Map<String, String> plans(Connection c, Chain chain) throws Exception {
        long best;
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                "SELECT max(l2_block_number) FROM dispute_game WHERE NOT blacklisted")) {
            r.next();
            best = r.getLong(1);
        }
        String trusted = "FROM dispute_game g WHERE g.l2_chain_id = " + chain.chainId() + " AND g.root_verified = true"
                + " AND g.game_type = " + chain.respectedType() + " AND g.created_at > " + (chain.respectedSince() - 1)
                + " AND g.created_at < " + chain.now() + " AND g.blacklisted = false AND g.status <> 1";
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        queries.put("due withdrawals (StatusRechecks.due)", "SELECT * FROM withdrawal w WHERE w.l2_chain_id = "
                + chain.chainId() + " AND w.recheck_at <= " + chain.now()
                + " AND w.status NOT IN ('PROVING','FINALIZING') ORDER BY w.recheck_at LIMIT 2000");
        queries.put("the trusted game covering the highest block (DisputeGameRepository.trustCandidates)",
                "SELECT * " + trusted + " ORDER BY g.l2_block_number DESC, g.game_index DESC LIMIT 1");
        queries.put("the newest trusted games (DisputeGameRepository.trustCandidates)",
                "SELECT * " + trusted + " ORDER BY g.game_index DESC LIMIT 10");
        queries.put("games to follow (DisputeGameRepository.toFollow)", "SELECT * FROM dispute_game WHERE l2_chain_id = "
                + chain.chainId() + " AND (status = 0 OR root_verified IS NULL) AND unusable_reason IS NULL");
        for (String status : List.of("READY_TO_PROVE", "NEEDS_REPROVE")) {
            queries.put("send mode: the prove queue, " + status + " (WithdrawalRepository.readyToProve)",
                    "SELECT * FROM withdrawal w WHERE w.l2_chain_id = " + chain.chainId() + " AND w.selected = true"
                            + " AND w.status = '" + status + "' AND w.l2_block_number <= " + best
                            + " ORDER BY w.status_updated_at, w.l2_block_number, w.l2_log_index LIMIT 100");
        }
        queries.put("send mode: the finalize queue (WithdrawalRepository.readyToFinalize)", "SELECT * FROM withdrawal w"
                + " WHERE w.l2_chain_id = " + chain.chainId() + " AND w.selected = true AND w.status = 'READY_TO_FINALIZE'"
                + " AND w.proof_submitter IS NOT NULL ORDER BY w.status_updated_at, w.l2_block_number, w.l2_log_index"
                + " LIMIT 100");
        Map<String, String> plans = new java.util.LinkedHashMap<>();
        for (var q : queries.entrySet()) {
            StringBuilder plan = new StringBuilder();
            try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                    "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + q.getValue())) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
            plans.put(q.getKey(), plan.toString());
        }
        return plans;
    }

    private static String report(List<Size> sizes) {
        StringBuilder table = new StringBuilder();
        for (Size s : sizes) {
            List<Long> sorted = s.cycles().stream().sorted().toList();
            List<Long> passes = s.passes().stream().sorted().toList();
            table.append(String.format("| %,d | %.1f s | %,d: %s | %d ms | %d ms | %d ms | %s ms | %,d MB | %,d MB |%n",
                    s.withdrawals(), s.generateSeconds(), s.open(), s.firstPass(), percentile(sorted, 50),
                    percentile(sorted, 99), sorted.get(sorted.size() - 1),
                    passes.isEmpty() ? "-" : Long.toString(percentile(passes, 50)), s.peakRssKb() / 1024,
                    s.peakRssWithApiKb() / 1024));
        }
        StringBuilder plans = new StringBuilder();
        for (Size s : sizes) {
            plans.append(String.format("%n### %,d withdrawals%n%s", s.withdrawals(), s.statuses()));
            s.plans().forEach((query, plan) -> plans.append(String.format("%n#### %s%n%n```%n%s```%n", query, plan)));
            for (ApiLookupLoad.Measured m : s.api()) {
                plans.append(String.format("%n#### look-up %s (%d plan shape(s) over %d keys)%n%n```%n%s```%n",
                        m.lookup().title, m.shapes().size(), ApiLookupLoad.EXPLAINED, m.plan()));
            }
        }
        return String.format("""
                # Cycle cost against history

                `./mvnw verify -Pbenchmark -Dit.test=CycleScaleBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dopwb.bench.sizes=%s`

                The packaged service in read-only mode (`-Xmx%dm`, serial GC), %d cycles per size after the first
                status pass; cycle and status-pass times from its own log (`PipelineCycle`, `StatusTracker`); then
                the API's look-ups under load (below), the pipeline still running.

                | withdrawals | written in | open: first status pass | cycle p50 | cycle p99 | cycle max | status pass p50 | peak RSS | peak RSS with the API's load |
                |---:|---:|---|---:|---:|---:|---:|---:|---:|
                %s
                ## The API's look-ups under load

                `wrk -t2 -c%d -d%ds --latency` per look-up, the same at every size, after a %d s warm-up of them all,
                against the service while its pipeline runs; each connection takes its paths in turn from %,d rows
                sampled at random from the whole table (90 %% of them finalized). Latencies as wrk measures them.

                %s
                ## Plans equal at every size

                A plan's shape: its nodes, indexes, conditions and sort keys, without what `ANALYZE` measured and
                without literals or parameters; a look-up's shapes are those of %d keys, its statement as the service
                sent it (from `pg_stat_activity`), prepared and run five times first (the service caches its
                prepared statements: PostgreSQL may then keep a generic plan).

                | query | plans equal |
                |---|---|
                %s
                ## Plans (`EXPLAIN (ANALYZE, BUFFERS)`, after the cycles and the look-ups)
                %s""", String.join(",", SIZES.stream().map(String::valueOf).toList()), HEAP_MB, CYCLES, table,
                ApiLookupLoad.CONNECTIONS, ApiLookupLoad.SECONDS, ApiLookupLoad.WARM_UP_SECONDS, ApiLookupLoad.SAMPLE,
                lookupTable(sizes), ApiLookupLoad.EXPLAINED, plansEqual(sizes), plans);
    }

    /** Per look-up, each size's requests, rate, p50 and p99 side by side, then the largest size's p99 against the smallest's. */
    private static String lookupTable(List<Size> sizes) {
        Size first = sizes.get(0);
        Size last = sizes.get(sizes.size() - 1);
        StringBuilder header = new StringBuilder("| look-up |");
        StringBuilder align = new StringBuilder("|---|");
        for (Size s : sizes) {
            header.append(String.format(" %,d: requests | requests/s | p50 | p99 |", s.withdrawals()));
            align.append("---:|---:|---:|---:|");
        }
        header.append(String.format(" p99 %,d / %,d | within 20 %% | plans equal | errors |", last.withdrawals(),
                first.withdrawals()));
        align.append("---:|---|---|---:|");
        StringBuilder rows = new StringBuilder().append(header).append('\n').append(align).append('\n');
        for (int i = 0; i < first.api().size(); i++) {
            ApiLookupLoad.Measured m = first.api().get(i);
            rows.append("| ").append(m.lookup().title).append(" |");
            long errors = 0;
            for (Size s : sizes) {
                WrkLoad.Result r = s.api().get(i).load();
                rows.append(String.format(" %,d | %,.0f | %.2f ms | %.2f ms |", r.requests(), r.requestsPerSecond(),
                        r.p50(), r.p99()));
                errors += r.errors();
            }
            double ratio = last.api().get(i).load().p99() / m.load().p99();
            final int lookup = i;
            rows.append(String.format(" %.2f | %s | %s | %d |%n", ratio, ratio <= 1.2 ? "yes" : "no",
                    equal(sizes.stream().map(s -> s.api().get(lookup).shapes()).toList()), errors));
        }
        return rows.toString();
    }

    /** Whether each cycle query's plan, and each look-up's, has the same shape at every size. */
    private static String plansEqual(List<Size> sizes) {
        StringBuilder rows = new StringBuilder();
        for (String query : sizes.get(0).plans().keySet()) {
            rows.append(String.format("| %s | %s |%n", query, equal(sizes.stream()
                    .map(s -> java.util.Set.of(PlanShape.of(s.plans().get(query)))).toList())));
        }
        for (int i = 0; i < sizes.get(0).api().size(); i++) {
            final int lookup = i;
            rows.append(String.format("| look-up %s | %s |%n", sizes.get(0).api().get(i).lookup().title,
                    equal(sizes.stream().map(s -> s.api().get(lookup).shapes()).toList())));
        }
        return rows.toString();
    }

    /** "yes" when every size saw the same shapes (and some), else "no" with how many each saw. */
    private static String equal(List<java.util.Set<String>> shapesPerSize) {
        boolean same = !shapesPerSize.get(0).isEmpty() && shapesPerSize.stream().allMatch(shapesPerSize.get(0)::equals);
        return same ? "yes" : "no (distinct shapes per size: "
                + shapesPerSize.stream().map(set -> Integer.toString(set.size())).toList() + ")";
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
