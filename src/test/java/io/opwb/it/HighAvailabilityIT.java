package io.opwb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;

/**
 * Two replicas on one database, with the default lease settings: one holds the worker lease and
 * works, the other only serves the API; when the holder is killed with SIGKILL in the middle of
 * its work, the other takes the lease within 30 s and finishes everything, exactly once. Both
 * replicas have tracing switched on by environment only, towards a receiver of the test: their spans
 * arrive over OTLP/HTTP, and their logs (one JSON, one text) carry trace and span ids.
 */
class HighAvailabilityIT extends ServiceProcessTestBase {

    @Test
    void whenTheLeaseHolderDiesTheOtherReplicaTakesOverWithin30Seconds() throws Exception {
        SplittableRandom traffic = new SplittableRandom(7);
        List<InitiatedWithdrawal> withdrawals = new ArrayList<>();
        for (int block = 0; block < 3; block++) {
            withdrawals.addAll(bed.devnet.traffic().initiateInOneBlock(TrafficGenerator.randomRequests(8, traffic)));
        }
        Map<String, BigInteger> balances = bed.balances(withdrawals);
        Map<String, String> config = bed.serviceConfig(6);
        Map<String, String> configA = new java.util.HashMap<>(config);
        configA.put("opwb.pipeline.lease.holder", "replica-a");
        Map<String, String> configB = new java.util.HashMap<>(config);
        configB.put("opwb.pipeline.lease.holder", "replica-b");
        // One replica logs JSON, as a log collector would read it: its batch lines carry the trace.
        configB.put("quarkus.log.console.json.enabled", "true");
        var logs = ServiceProcess.projectDir().resolve("target/it-logs");

        // Tracing, off in the packaged service, switched on by environment only: spans go to our receiver.
        try (OtlpTraceReceiver collector = OtlpTraceReceiver.start();
                ServiceProcess a = ServiceProcess.start("replica-a", configA, logs.resolve("ha-replica-a.log"),
                        collector.exporterEnvironment());
                ServiceProcess b = ServiceProcess.start("replica-b", configB, logs.resolve("ha-replica-b.log"),
                        collector.exporterEnvironment())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String holder = null;
            while (holder == null && System.nanoTime() < deadline) {
                holder = bed.currentLeaseHolder();
                Thread.sleep(200);
            }
            assertNotNull(holder, "one replica took the lease");
            ServiceProcess leader = holder.equals("replica-a") ? a : b;
            ServiceProcess standby = leader == a ? b : a;

            // The leader works; the standby answers the API but sends nothing.
            assertTrue(leader.awaitOutput(" sent in 0x", Duration.ofSeconds(90)), "the leader sent a batch");
            assertTrue(standby.awaitOutput("Listening on", Duration.ofSeconds(30)), "the standby is up");
            assertEquals(200, get(standby, "/api/withdrawals?size=1").statusCode());
            assertFalse(standby.output().contains("worker lease acquired"), "the standby never held the lease");
            assertFalse(standby.output().contains(" sent in 0x"), "the standby sent nothing");

            long killedAt = System.nanoTime();
            leader.kill9();
            String next = null;
            while (!standby.name().equals(next) && System.nanoTime() - killedAt < Duration.ofSeconds(30).toNanos()) {
                next = bed.currentLeaseHolder();
                Thread.sleep(200);
            }
            double takeover = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("lease taken over by %s %.1f s after SIGKILL of %s%n", next, takeover, leader.name());
            assertEquals(standby.name(), next, "the standby holds the lease within 30 s");

            bed.awaitFinalizedOnChain(withdrawals, Duration.ofMinutes(3));
            bed.awaitFinalizedInDatabase(withdrawals, Duration.ofMinutes(1));
            assertJsonLinesWithTraces(b);
            assertTextLinesWithTraces(a);
            assertSpansReceived(collector);
        }
        bed.assertEachFinalizedExactlyOnce(withdrawals, balances);
    }

    /** Replica B's log is JSON; a batch it sent is logged with the trace and span of that work. */
    private static void assertJsonLinesWithTraces(ServiceProcess b) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> sent = b.output().lines().filter(l -> l.contains(" sent in 0x")).toList();
        assertFalse(sent.isEmpty(), "replica B sent batches");
        for (String line : sent) {
            var entry = json.readTree(line);
            assertTrue(entry.path("message").asText().contains(" sent in 0x"), line);
            assertTrue(entry.path("mdc").path("traceId").asText().matches("[0-9a-f]{32}"), "trace id in " + line);
            assertTrue(entry.path("mdc").path("spanId").asText().matches("[0-9a-f]{16}"), "span id in " + line);
        }
    }

    /**
     * Replica A's log is text: a batch it sent carries the trace and span ids too, and a line outside any
     * span (the start's) carries none.
     */
    private static void assertTextLinesWithTraces(ServiceProcess a) throws Exception {
        List<String> sent = a.output().lines().filter(l -> l.contains(" sent in 0x")).toList();
        assertFalse(sent.isEmpty(), "replica A sent batches");
        for (String line : sent) {
            assertTrue(line.matches(".*\\] \\[[0-9a-f]{32},[0-9a-f]{16}\\] .* sent in 0x.*"), "trace and span ids in " + line);
        }
        String listening = a.output().lines().filter(l -> l.contains("Listening on")).findFirst().orElseThrow();
        assertTrue(listening.contains("] [,] "), "no ids outside a span: " + listening);
    }

    /**
     * Spans of both replicas arrived over OTLP/HTTP: the standby's answer to the API request (an HTTP
     * server span), and RPC calls by chain, method and outcome, a transaction's sending inside a batch's trace.
     */
    private static void assertSpansReceived(OtlpTraceReceiver collector) throws Exception {
        Duration wait = Duration.ofSeconds(10);
        System.out.println("spans received over OTLP/HTTP, by name: " + names(collector));
        assertTrue(collector.await(s -> s.kind() == OtlpTraceReceiver.ReceivedSpan.SERVER
                && s.name().equals("GET /api/withdrawals"), wait), "the API request's span in " + names(collector));
        assertTrue(collector.await(s -> s.kind() == OtlpTraceReceiver.ReceivedSpan.CLIENT
                && s.name().equals("eth_sendRawTransaction") && "l1".equals(s.attributes().get("opwb.chain"))
                && "jsonrpc".equals(s.attributes().get("rpc.system")) && "ok".equals(s.attributes().get("opwb.rpc.outcome"))
                && !s.parentSpanId().isEmpty(), wait), "a sent transaction's RPC span in " + names(collector));
        assertTrue(collector.await(s -> s.name().equals("eth_getLogs") && "l2".equals(s.attributes().get("opwb.chain")),
                wait), "an L2 RPC span in " + names(collector));
        assertTrue(collector.refused().isEmpty(), "requests the receiver could not read: " + collector.refused());
    }

    private static Map<String, Long> names(OtlpTraceReceiver collector) {
        return collector.spans().stream().collect(java.util.stream.Collectors.groupingBy(
                OtlpTraceReceiver.ReceivedSpan::name, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
