package io.opwb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L2ToL1MessagePasser;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.WithdrawalMinter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Backfill: {@code opwb.bench.withdrawals} (200,000) withdrawals minted on the devnet's L2, then the
 * packaged service indexes them from block 0 into PostgreSQL. In the same run: the node's own
 * {@code eth_getLogs} delivery over the same blocks, and the service's peak RSS. Then the status
 * API under Debian's {@code wrk} against that service and its withdrawals. With
 * {@code -Dopwb.bench.readers=web3j,streaming} the service backfills once per L2 log reader, each
 * into an empty database, and the results compare them (CPU time per withdrawal of each process); by
 * default it backfills three times with the streaming reader: V23's trigger disabled, the look-up
 * indexes deferred (built again after, counted in), and as configured by default.
 * Results in
 * {@code target/backfill-benchmark/results.md}. Not in the default run:
 * {@code ./mvnw verify -Pbenchmark -Dit.test=BackfillBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class BackfillBenchmarkIT {

    private static final int WITHDRAWALS = Integer.getInteger("opwb.bench.withdrawals", 200_000);
    private static final int PER_BLOCK = 1000;
    /** Blocks per eth_getLogs, for the node's rate and the service alike: 10,000 logs a range. */
    private static final int RANGE = 10;
    /** The service's heap: the RSS target is 512 MB. */
    private static final int HEAP_MB = 256;
    /** wrk's connections: each sends its next request when the answer came. */
    private static final int CONNECTIONS = 8;
    private static final int LOAD_SECONDS = 20;
    /** Withdrawals sampled for the look-ups. */
    private static final int SAMPLE = 5_000;

    /**
     * The L2 log readers to backfill with, one after another, each into an empty database of its own
     * ({@code opwb.indexing.l2-log-reader}); the status API load runs against the last one.
     * {@code -Dopwb.bench.readers=web3j,streaming} compares the two in one run. Options after a
     * reader's name: {@code +deferred-indexes} lets the service drop the withdrawal table's look-up
     * indexes for the backfill and build them when caught up ({@code opwb.indexing.deferred-indexes},
     * off in the other runs), the build's time and PostgreSQL's CPU counted in; {@code
     * +no-recheck-triggers} disables V23's trigger on the withdrawal table for that run, to see what it
     * costs the backfill.
     */
    private static final String DEFERRED_INDEXES = "+deferred-indexes";
    private static final String NO_RECHECK_TRIGGERS = "+no-recheck-triggers";
    private static final List<String> READERS = List.of(System.getProperty("opwb.bench.readers",
            "streaming" + NO_RECHECK_TRIGGERS + ",streaming" + DEFERRED_INDEXES + ",streaming").split(","));

    /**
     * One backfill: the reader, the node's rate just before it, the service's, the CPU each process
     * used, and (indexes deferred) the seconds and PostgreSQL CPU seconds the indexes took to build after.
     */
    private record Backfill(String reader, NodeRate node, double seconds, CpuTimes cpu, long peakRssKb,
            double indexSeconds, double indexCpuSeconds) {
        double rate() {
            return WITHDRAWALS / seconds;
        }

        String row() {
            return String.format("| `%s` | %,.0f withdrawals/s (%.1f s) | %,.0f logs/s | %.0f %% | %s | %s | %,d MB |%s",
                    reader, rate(), seconds, node.logsPerSecond(), 100 * rate() / node.logsPerSecond(),
                    cpu.perItem(WITHDRAWALS), cpu.describe(seconds), peakRssKb / 1024, indexSeconds == 0 ? ""
                            : String.format(" then the indexes built in %.1f s (PostgreSQL %.1f CPU-s, %.1f µs a withdrawal):"
                                    + " %,.0f withdrawals/s overall |", indexSeconds, indexCpuSeconds,
                                    indexCpuSeconds * 1e6 / WITHDRAWALS, WITHDRAWALS / (seconds + indexSeconds)));
        }
    }

    @Test
    void theServiceBackfillsWithdrawalsFromBlockZero() throws Exception {
        assertTrue(WrkLoad.installed(), "the status API load needs Debian's wrk: " + WrkLoad.INSTALL);
        Path out = ServiceProcess.projectDir().resolve("target/backfill-benchmark");
        Files.createDirectories(out);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                .start(); Devnet devnet = Devnet.start(DevnetOptions.forTests())) {
            long started = System.nanoTime();
            long head = new WithdrawalMinter(devnet).mint(WITHDRAWALS, PER_BLOCK, 2026);
            double mintSeconds = seconds(started);

            NodeRate node = nodeRate(devnet.l2RpcUrl(), head);
            double proofMillis = fiftyProofsMillis(devnet.l2(), head);
            assertEquals(WITHDRAWALS, node.logs(), "the node returns every MessagePassed log");
            long postmaster;
            try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                postmaster = CpuTimes.postmasterOf(c);
            }

            List<Backfill> backfills = new java.util.ArrayList<>();
            for (int run = 0; run < READERS.size(); run++) {
                String reader = READERS.get(run).trim();
                boolean deferIndexes = reader.contains(DEFERRED_INDEXES);
                boolean noRecheckTriggers = reader.contains(NO_RECHECK_TRIGGERS);
                String database = "backfill_" + run;
                try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("create database " + database);
                }
                DataSource db = postgres.getDatabase("postgres", database);
                Map<String, String> config = ProcessTestBed.serviceConfig(devnet, postgres);
                config.replaceAll((k, v) -> k.endsWith(".url") && k.startsWith("quarkus.datasource")
                        ? v.replace("/postgres", "/" + database) : v);
                config.put("opwb.indexing.l2-log-reader", reader.replaceFirst("\\+.*$", ""));
                config.put("opwb.indexing.deferred-indexes.enabled", Boolean.toString(deferIndexes));
                config.put("opwb.indexing.initial-range", Integer.toString(RANGE));
                config.put("opwb.indexing.max-range", Integer.toString(RANGE));
                config.put("quarkus.log.category.\"io.opwb.indexing\".level", "DEBUG"); // each range's timings
                config.put("quarkus.log.category.\"io.opwb.lifecycle\".level", "DEBUG"); // each status pass
                config.put("opwb.api.diagnostics.enabled", "true"); // the anchor of the status API's load
                if (System.getProperty("opwb.bench.pool-size") != null) { // the reactive pool's size, to compare settings
                    config.put("quarkus.datasource.reactive.max-size", System.getProperty("opwb.bench.pool-size"));
                }
                boolean last = run == READERS.size() - 1;
                NodeRate nodeNow = nodeRate(devnet.l2RpcUrl(), head); // the node's rate next to this backfill's
                try (ServiceProcess service = ServiceProcess.start("backfill-" + reader, config,
                        out.resolve("service-" + reader + ".log"), jvmOptions(out))) {
                    assertTrue(service.awaitOutput("Listening on", Duration.ofSeconds(240)), service.output()); // minutes on a loaded machine
                    if (noRecheckTriggers) {
                        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                            s.execute("alter table withdrawal disable trigger user");
                        }
                    }
                    Backfill backfill = backfill(service, db, postmaster, devnet.pids(), reader, nodeNow);
                    if (deferIndexes) {
                        backfill = afterIndexesBuilt(service, db, postmaster, devnet.pids(), backfill);
                    }
                    if (run > 0) {
                        assertEquals(indexes(postgres.getDatabase("postgres", "backfill_0")), indexes(db),
                                "the same indexes after the backfill, whatever the run");
                    }
                    backfills.add(backfill);
                    System.out.println(backfill.row());
                    if (last) {
                        report(out, service, db, backfills, node, head, mintSeconds, proofMillis);
                    }
                }
            }
        }
    }

    private static Backfill backfill(ServiceProcess service, DataSource db, long postmaster, long[] anvils, String reader,
            NodeRate node) throws Exception {
        CpuTimes cpuBefore = CpuTimes.of(service.pid(), postmaster, anvils);
        long from = System.nanoTime();
        long indexed = 0;
        long peakRss = 0;
        while (indexed < WITHDRAWALS && seconds(from) < 1800 && service.alive()) {
            Thread.sleep(100);
            indexed = count(db);
            peakRss = Math.max(peakRss, ProcStatus.rssKb(service.pid()));
        }
        double indexSeconds = seconds(from);
        CpuTimes cpu = CpuTimes.of(service.pid(), postmaster, anvils).since(cpuBefore);
        peakRss = Math.max(peakRss, ProcStatus.hwmKb(service.pid()));
        assertEquals(WITHDRAWALS, indexed, "every withdrawal indexed; " + service.output().lines()
                .filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(5).toList());
        return new Backfill(reader, node, indexSeconds, cpu, peakRss, 0, 0);
    }

    /**
     * Waits for the service to build the indexes it dropped for the backfill (its indexer does when
     * it has caught up: {@code deferred_index} empties); the backfill with the build's seconds and
     * PostgreSQL's CPU seconds for it.
     */
    private static Backfill afterIndexesBuilt(ServiceProcess service, DataSource db, long postmaster, long[] anvils,
            Backfill backfill) throws Exception {
        assertTrue(service.output().contains("are dropped until it has caught up"), "the service deferred the indexes: "
                + service.output().lines().filter(l -> l.contains("IndexDeferral")).toList());
        CpuTimes before = CpuTimes.of(service.pid(), postmaster, anvils);
        long t = System.nanoTime();
        while (deferred(db) > 0 && seconds(t) < 600 && service.alive()) {
            Thread.sleep(50);
        }
        assertEquals(0, deferred(db), "every dropped index built again");
        return new Backfill(backfill.reader(), backfill.node(), backfill.seconds(), backfill.cpu(), backfill.peakRssKb(),
                seconds(t), CpuTimes.of(service.pid(), postmaster, anvils).since(before).seconds().get("PostgreSQL"));
    }

    private static long deferred(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from deferred_index")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The withdrawal table's indexes as PostgreSQL defines them. */
    private static java.util.SortedMap<String, String> indexes(DataSource db) throws Exception {
        java.util.SortedMap<String, String> found = new java.util.TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select indexname, indexdef from pg_indexes where tablename = 'withdrawal'")) {
            while (r.next()) {
                found.put(r.getString(1), r.getString(2));
            }
        }
        return found;
    }

    private static void report(Path out, ServiceProcess service, DataSource db, List<Backfill> backfills, NodeRate node,
            long head, double mintSeconds, double proofMillis) throws Exception {
        Backfill backfill = backfills.get(backfills.size() - 1);
        String firstPass = awaitFirstStatusPass(service);
        List<WrkLoad.Result> api = statusApiLoad(service, db, out);
        if (Boolean.getBoolean("opwb.bench.jfr")) { // the service is killed at the end: dump it now
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(service.pid()), "JFR.dump", "name=1",
                    "filename=" + out.resolve("service.jfr")).inheritIO().start().waitFor();
        }
        String results = String.format("""
                # Backfill benchmark

                `./mvnw verify -Pbenchmark -Dit.test=BackfillBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false%s`

                | | |
                |---|---:|
                | withdrawals minted on the devnet L2 (%,d a block) | %,d in %.1f s (%,.0f/s) |
                | the node's `eth_getLogs` over the same %,d blocks, %d blocks a call | %,.0f logs/s (%,d MB in %.1f s) |
                | the service (`%s` reader), from ready to all indexed in PostgreSQL | %,.0f withdrawals/s (%.1f s) |
                | service / node (the node's rate measured just before: %,.0f logs/s) | %.0f %% |
                | the service's peak RSS (`VmHWM`; `-Xmx%dm`) | %,d MB |
                | a 50-item batch's proofs: one `eth_getProof` for 50 slots in a trie of %,d withdrawals (`StorageProofs`) | %.0f ms (best of 5) |
                | CPU time used during the backfill (`/proc/<pid>/stat`, this run's processes only) | %s |
                | CPU time per withdrawal | %s |
                | the status tracker's first pass over the %,d new withdrawals | %s |

                ## Each backfill of the run, each into an empty database

                | L2 log reader | the service | the node just before | service / node | CPU per withdrawal | CPU during the backfill | peak RSS |
                |---|---:|---:|---:|---|---|---:|
                %s

                ## Status API under load

                `wrk -t2 -c%d -d%ds --latency` per row, against the same service and its %,d withdrawals, while its
                pipeline keeps running; each path taken in turn from %,d sampled ones.

                | requests | requests/s | of the anchor's | p50 | p99 | errors |
                |---|---:|---:|---:|---:|---:|
                %s
                """, System.getProperty("opwb.bench.readers") != null ? " -Dopwb.bench.readers=" + String.join(",", READERS) : "", PER_BLOCK,
                WITHDRAWALS, mintSeconds, WITHDRAWALS / mintSeconds, head, RANGE, node.logsPerSecond(),
                node.bytes() / 1_000_000, node.seconds(), backfill.reader(), backfill.rate(), backfill.seconds(),
                backfill.node().logsPerSecond(), 100 * backfill.rate() / backfill.node().logsPerSecond(), HEAP_MB,
                backfill.peakRssKb() / 1024, WITHDRAWALS, proofMillis, backfill.cpu().describe(backfill.seconds()),
                backfill.cpu().perItem(WITHDRAWALS), WITHDRAWALS, firstPass,
                backfills.stream().map(Backfill::row).collect(java.util.stream.Collectors.joining("\n")), CONNECTIONS,
                LOAD_SECONDS, WITHDRAWALS, SAMPLE, table(api));
        Files.writeString(out.resolve("results.md"), results);
        System.out.println(results);
        api.forEach(r -> assertEquals(0, r.errors(), r.name() + ": every request answered 2xx"));
    }

    /**
     * The proofs of a 50-item prove batch, built as the prove stage builds them: one multi-key
     * {@code eth_getProof} at the head for the storage slots of 50 withdrawals of the newest
     * blocks, in the message passer's trie of all minted ones, then each proof taken apart
     * ({@code StorageProofs}); best of 5 runs.
     */
    private static double fiftyProofsMillis(org.web3j.protocol.Web3j l2, long head) throws Exception {
        java.util.List<byte[]> slots = new java.util.ArrayList<>();
        org.web3j.protocol.core.methods.request.EthFilter filter = new org.web3j.protocol.core.methods.request.EthFilter(
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(head - 1)),
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(head)),
                Predeploys.L2_TO_L1_MESSAGE_PASSER);
        for (var log : l2.ethGetLogs(filter).send().getLogs()) {
            if (slots.size() < 50) {
                var e = L2ToL1MessagePasser.getMessagePassedEventFromLog((org.web3j.protocol.core.methods.response.Log) log.get());
                slots.add(io.opwb.chain.WithdrawalTransaction.storageSlotOf(e.withdrawalHash));
            }
        }
        assertEquals(50, slots.size());
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            var proofs = new io.opwb.proof.StorageProofs(l2).at(java.math.BigInteger.valueOf(head), slots);
            assertTrue(proofs.forSlot(slots.get(49)).nodes().size() > 3, "a proof through the trie");
            best = Math.min(best, (System.nanoTime() - t) / 1e6);
        }
        return best;
    }

    /** The service's JVM: the heap, and with {@code -Dopwb.bench.jfr=true} a flight recording to profile it. */
    private static List<String> jvmOptions(Path out) {
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx" + HEAP_MB + "m"));
        if (Boolean.getBoolean("opwb.bench.jfr")) {
            options.add("-XX:StartFlightRecording=settings=profile");
        }
        return options;
    }

    /** Waits for the status tracker's first pass over all withdrawals; its duration as its log line tells. */
    private static String awaitFirstStatusPass(ServiceProcess service) throws Exception {
        java.util.regex.Pattern pass = java.util.regex.Pattern.compile("(\\d+) open withdrawals decided in (\\d+) ms");
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline && service.alive()) {
            var m = pass.matcher(service.output());
            while (m.find()) {
                if (Long.parseLong(m.group(1)) >= WITHDRAWALS) {
                    return String.format("%,d ms", Long.parseLong(m.group(2)));
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no status pass over all withdrawals: " + service.output().lines()
                .filter(l -> l.contains("decided") || l.contains("ERROR")).limit(5).toList());
    }

    /**
     * The anchor (one row's status by primary key through the same stack, the diagnostic endpoint),
     * look-ups by withdrawal hash and by L2 transaction hash, and list pages by number, deep by offset and
     * deep by cursor (keyset), each under wrk's load for {@value #LOAD_SECONDS} s, after a warm-up of them
     * all. The load average before each row goes into the results: the machine is shared.
     */
    private static List<WrkLoad.Result> statusApiLoad(ServiceProcess service, DataSource db, Path out)
            throws Exception {
        List<String> anchor = new java.util.ArrayList<>();
        List<String> byHash = new java.util.ArrayList<>();
        List<String> byTx = new java.util.ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select withdrawal_hash, l2_tx_hash, l2_chain_id from withdrawal"
                        + " order by random() limit " + SAMPLE)) {
            while (r.next()) {
                String hash = org.web3j.utils.Numeric.toHexString(r.getBytes(1));
                anchor.add("/api/diagnostics/withdrawal-rows/" + hash + "?chainId=" + r.getLong(3));
                byHash.add("/api/withdrawals/" + hash);
                byTx.add("/api/l2-transactions/" + org.web3j.utils.Numeric.toHexString(r.getBytes(2)) + "/withdrawals");
            }
        }
        List<String> pages = new java.util.ArrayList<>();
        for (int page = 0; page < 20; page++) { // the newest 1,000
            pages.add("/api/withdrawals?page=" + page + "&size=50");
        }
        List<String> deepPages = new java.util.ArrayList<>();
        for (int page = 100; page < 200; page++) { // rows 5,000 to 10,000: each skips thousands
            deepPages.add("/api/withdrawals?page=" + page + "&size=50");
        }
        String url = "http://127.0.0.1:" + service.httpPort();
        List<String> keysetPages = keysetPages(url);
        List<String> all = new java.util.ArrayList<>(anchor.subList(0, 1000));
        all.addAll(byHash.subList(0, 1000));
        all.addAll(byTx.subList(0, 1000));
        all.addAll(pages);
        all.addAll(keysetPages);
        WrkLoad.run("warm-up", "warm-up", url, all, CONNECTIONS, 10, out);
        explain(db, byHash.get(0).substring(byHash.get(0).lastIndexOf('/') + 1), out);
        List<WrkLoad.Result> results = new java.util.ArrayList<>();
        results.add(load("anchor", "anchor: one row by primary key, `GET /api/diagnostics/withdrawal-rows/{hash}`", url,
                anchor, out));
        results.add(load("by-hash", "by withdrawal hash: `GET /api/withdrawals/{hash}`", url, byHash, out));
        results.add(load("by-tx", "by L2 transaction: `GET /api/l2-transactions/{hash}/withdrawals`", url, byTx, out));
        results.add(load("pages", "list pages 1-20: `GET /api/withdrawals?page=N&size=50`", url, pages, out));
        results.add(load("deep-keyset", "deep list pages by cursor: `GET /api/withdrawals?after=C&size=50`, "
                + keysetPages.size() + " cursors throughout the list", url, keysetPages, out));
        results.add(load("deep-pages", "list pages 101-200 by number (offsets 5,000-9,950)", url, deepPages, out));
        return results;
    }

    private static WrkLoad.Result load(String id, String name, String url, List<String> paths, Path out) throws Exception {
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        WrkLoad.Result r = WrkLoad.run(id, name, url, paths, CONNECTIONS, LOAD_SECONDS, out);
        return new WrkLoad.Result(r.name() + " (load average before: " + loadBefore.substring(0,
                loadBefore.indexOf(' ', loadBefore.indexOf(' ', loadBefore.indexOf(' ') + 1) + 1)) + ")",
                r.requestsPerSecond(), r.p50(), r.p99(), r.requests(), r.errors());
    }

    /**
     * Cursors all through the list, as a client paging by cursor gets them: the list walked from its start
     * by {@code next}, 500 rows a page, every cursor kept (for 200,000 withdrawals, 400 places).
     */
    private static List<String> keysetPages(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> paths = new java.util.ArrayList<>();
        String next = null;
        java.util.regex.Pattern cursor = java.util.regex.Pattern.compile("\"next\":\"([A-Za-z0-9_-]+)\"");
        do {
            String body = http.send(HttpRequest.newBuilder(URI.create(url + "/api/withdrawals?size=500"
                    + (next == null ? "" : "&after=" + next))).build(), HttpResponse.BodyHandlers.ofString()).body();
            var m = cursor.matcher(body);
            next = m.find() ? m.group(1) : null;
            if (next != null) {
                paths.add("/api/withdrawals?after=" + next + "&size=50");
            }
        } while (next != null);
        assertTrue(paths.size() >= WITHDRAWALS / 500 - 1, "cursors through the whole list: " + paths.size());
        return paths;
    }

    /** The plans of the API's main queries, into {@code explain.txt}: what the database does per request. */
    private static void explain(DataSource db, String hash, Path out) throws Exception {
        StringBuilder plans = new StringBuilder();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String sql : List.of("select * from withdrawal where withdrawal_hash = '\\x" + hash.substring(2) + "'",
                    "select count(*) from (select 1 from withdrawal where 1 = 1 limit 1001) matching",
                    "select * from withdrawal order by l2_block_number desc, l2_log_index desc, l2_chain_id desc "
                            + "offset 5000 limit 50",
                    "select * from withdrawal where (l2_block_number, l2_log_index, l2_chain_id, withdrawal_hash) < "
                            + "(100, 0, 901, '\\x00') order by l2_block_number desc, l2_log_index desc, l2_chain_id desc, "
                            + "withdrawal_hash desc limit 51",
                    // the status tracker's short pass, as its query reads with no game yet (g = -1)
                    "select withdrawal_hash from withdrawal where l2_chain_id = 901 and status not in ('PROVING', "
                            + "'FINALIZING') and (status in ('READY_TO_PROVE', 'PROVEN_MATURING', 'READY_TO_FINALIZE', "
                            + "'SKIPPED', 'NEEDS_REPROVE') or l2_block_number <= -1 or (status = 'WAITING_FOR_GAME' and "
                            + "(reason_code is null or reason_code <> 'NO_GAME_YET'))) "
                            + "order by l2_block_number, l2_log_index limit 2000")) {
                plans.append(sql).append('\n');
                try (ResultSet r = s.executeQuery("explain (analyze, buffers) " + sql)) {
                    while (r.next()) {
                        plans.append("  ").append(r.getString(1)).append('\n');
                    }
                }
            }
        }
        Files.writeString(out.resolve("explain.txt"), plans);
    }

    /** The rows, each with its rate as a share of the first row's, the anchor's. */
    private static String table(List<WrkLoad.Result> results) {
        double anchor = results.get(0).requestsPerSecond();
        return results.stream().map(r -> String.format("| %s | %,.0f | %.0f %% | %.2f ms | %.2f ms | %d |", r.name(),
                r.requestsPerSecond(), 100 * r.requestsPerSecond() / anchor, r.p50(), r.p99(), r.errors()))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** What the node delivers: raw {@code eth_getLogs} answers over [1, head], one range after another. */
    record NodeRate(long logs, long bytes, double seconds) {
        double logsPerSecond() {
            return logs / seconds;
        }
    }

    private static NodeRate nodeRate(String rpcUrl, long head) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String topic = EventEncoder.encode(L2ToL1MessagePasser.MESSAGEPASSED_EVENT);
        long logs = 0;
        long bytes = 0;
        long started = System.nanoTime();
        for (long from = 1; from <= head; from += RANGE) {
            long to = Math.min(head, from + RANGE - 1);
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":[{\"fromBlock\":\"0x"
                    + Long.toHexString(from) + "\",\"toBlock\":\"0x" + Long.toHexString(to) + "\",\"address\":\""
                    + Predeploys.L2_TO_L1_MESSAGE_PASSER + "\",\"topics\":[\"" + topic + "\"]}]}";
            byte[] answer = http.send(HttpRequest.newBuilder(URI.create(rpcUrl)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            bytes += answer.length;
            logs += count(answer, "\"logIndex\"");
        }
        return new NodeRate(logs, bytes, seconds(started));
    }

    private static long count(byte[] text, String what) {
        String s = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
        long n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static long count(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from withdrawal")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException notYetMigrated) {
            return 0;
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
