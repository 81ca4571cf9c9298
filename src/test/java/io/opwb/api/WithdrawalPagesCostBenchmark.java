package io.opwb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opwb.storage.WithdrawalDetails;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What a list page of 50 costs the service in CPU and allocation, and PostgreSQL in CPU, on
 * {@code opwb.bench.rows} (20,000) rows of every kind ({@link PageRows}): pages 1-20 by number, and pages by
 * cursor through the whole list. Requests one at a time from this thread over a kept-alive connection; the
 * service's CPU is this JVM's minus this thread's (the client), so machine load changes wall time, not the
 * figures. {@code -Dopwb.bench.jfr=true} records a profile to {@code target/page-cost.jfr}. Run with
 * {@code -Dtest=WithdrawalPagesCostBenchmark -DexcludedGroups=browser}.
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class WithdrawalPagesCostBenchmark {

    private static final int ROWS = Integer.getInteger("opwb.bench.rows", 20_000);
    private static final int REQUESTS = Integer.getInteger("opwb.bench.requests", 3_000);
    private static final long TOP_BLOCK = 2_500_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aPageOfFiftyCosts() throws Exception {
        PageRows.insert(pool, ROWS, 77, TOP_BLOCK, PageRows.Decoded.ALL);
        String base = "http://127.0.0.1:" + port;
        List<String> pages = new ArrayList<>();
        for (int page = 1; page <= 20; page++) {
            pages.add("/api/withdrawals?page=" + page + "&size=50");
        }
        List<String> deep = new ArrayList<>();
        String next = KeysetCursor.of(new WithdrawalDetails.Position(TOP_BLOCK + 1, 0, TestWithdrawals.CHAIN, new byte[32]));
        for (int i = 0; i < ROWS / 500; i++) {
            deep.add("/api/withdrawals?after=" + next + "&size=50");
            JsonNode body = JSON.readTree(get(base + "/api/withdrawals?after=" + next + "&size=500"));
            next = body.get("next").asText();
        }
        run(base, pages, REQUESTS); // warm-up
        run(base, deep, REQUESTS);
        jdk.jfr.Recording jfr = null;
        if (Boolean.getBoolean("opwb.bench.jfr")) {
            jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            jfr.start();
        }
        StringBuilder report = new StringBuilder("| list | service CPU µs/request | service KB allocated/request |"
                + " PostgreSQL CPU µs/request | response KB |\n|---|---|---|---|---|\n");
        report.append(run(base, pages, REQUESTS).row("pages 1-20 by number, 50 a page"));
        report.append(run(base, deep, REQUESTS).row("pages by cursor through " + ROWS + " rows, 50 a page"));
        if (jfr != null) {
            jfr.stop();
            jfr.dump(Path.of("target/page-cost.jfr"));
        }
        Files.writeString(Path.of("target/page-cost.md"), report);
        System.out.println(report);
    }

    record Cost(long requests, long serviceNanos, long serviceBytes, long postgresNanos, long responseBytes) {
        String row(String list) {
            return String.format("| %s | %,.0f | %,.0f | %,.0f | %.1f |%n", list, serviceNanos / 1e3 / requests,
                    serviceBytes / 1024.0 / requests, postgresNanos / 1e3 / requests, responseBytes / 1024.0 / requests);
        }
    }

    private Cost run(String base, List<String> paths, int requests) throws IOException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long me = Thread.currentThread().getId();
        long process = os.getProcessCpuTime(), client = threads.getCurrentThreadCpuTime();
        long allocated = allocated(threads), clientAllocated = threads.getThreadAllocatedBytes(me);
        long postgres = postgresCpuNanos();
        long bytes = 0;
        for (int i = 0; i < requests; i++) {
            bytes += get(base + paths.get(i % paths.size())).length;
        }
        long serviceNanos = (os.getProcessCpuTime() - process) - (threads.getCurrentThreadCpuTime() - client);
        long serviceBytes = (allocated(threads) - allocated) - (threads.getThreadAllocatedBytes(me) - clientAllocated);
        return new Cost(requests, serviceNanos, serviceBytes, postgresCpuNanos() - postgres, bytes);
    }

    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }

    private static byte[] get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        assertEquals(200, c.getResponseCode(), url);
        try (InputStream in = c.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** CPU of the embedded PostgreSQL's processes (its postmaster's children), from /proc. */
    private long postgresCpuNanos() throws IOException {
        String dir = pool.query("show data_directory").execute().await().indefinitely().iterator().next().getString(0);
        String postmaster = Files.readAllLines(Path.of(dir, "postmaster.pid")).get(0).trim();
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (f[1].equals(postmaster) || p.getFileName().toString().equals(postmaster)) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // a process that ended meanwhile
                }
            }
        }
        return ticks * 10_000_000L; // USER_HZ 100
    }
}
