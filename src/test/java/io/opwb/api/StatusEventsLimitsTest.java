package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** The event streams' limits: a cap on open streams, and a bounded buffer per stream. */
@QuarkusTest
@TestProfile(StatusEventsLimitsTest.SmallFeed.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusEventsLimitsTest {

    private static final int BUFFER = 1_000;

    /** Two streams at most; a buffer of 1,000 events, a poll reading up to 500. */
    public static class SmallFeed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opwb.api.events.max-subscribers", "2", "opwb.api.events.buffer", String.valueOf(BUFFER),
                    "opwb.api.events.page-rows", "250");
        }
    }

    @Inject
    Pool pool;

    @Inject
    StatusChangeFeed feed;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @AfterEach
    void allStreamsClosed() throws InterruptedException {
        assertTrue(EventStreamClient.await(() -> feed.subscriberCount() == 0, 10), "streams left open");
    }

    @Test
    void beyondTheCapANewStreamIsRefusedUntilOneCloses() throws Exception {
        String hash = WithdrawalBurst.insert(pool, 1).hash(0);
        try (EventStreamClient first = EventStreamClient.open(port, "/api/events");
                EventStreamClient second = EventStreamClient.open(port, "/api/withdrawals/" + hash + "/events")) {
            second.dataLinesInBackground(); // its first event, the status now, opens its place in the feed
            assertTrue(EventStreamClient.await(() -> feed.subscriberCount() == 2, 10), "two streams admitted");

            for (String path : List.of("/api/events", "/api/withdrawals/" + hash + "/events")) {
                Response refused = given().get(path).andReturn();
                assertEquals(503, refused.statusCode(), path);
                assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
                assertEquals("10", refused.header("Retry-After"));
                assertEquals("too many event streams open: this server streams to at most 2; try again later",
                        refused.jsonPath().getString("detail"));
            }

            first.close();
            assertTrue(EventStreamClient.await(() -> feed.subscriberCount() == 1, 10), "a closed stream frees its place");
            try (EventStreamClient third = EventStreamClient.open(port, "/api/events")) {
                assertTrue(third.status().contains(" 200 "), third.status());
                assertTrue(EventStreamClient.await(() -> feed.subscriberCount() == 2, 10), "admitted in its place");
            }
        }
    }

    @Test
    void aSlowClientIsEndedWithAnEndEventWhileAFastOneGetsEverything() throws Exception {
        // Loopback grows a server's send buffer up to tcp_wmem's maximum (4 MB here), whatever the client
        // reads: the burst has to outgrow that before the feed's own buffer fills. Long reasons make it short.
        String reason = "for a slow client: " + "x".repeat(2_000);
        int count = (int) (sendBufferMaximum() / reason.length()) + 2 * BUFFER;
        WithdrawalBurst burst = WithdrawalBurst.insert(pool, count);
        try (EventStreamClient slow = EventStreamClient.slow(port, "/api/events");
                EventStreamClient fast = EventStreamClient.open(port, "/api/events")) {
            BlockingQueue<String> fastLines = fast.dataLinesInBackground();
            assertTrue(EventStreamClient.await(() -> feed.subscriberCount() == 2, 10), "both streams admitted");

            burst.changeStatus(0, count, reason);

            WithdrawalBurst.assertSequence(burst.hashes(0, count), WithdrawalBurst.changed(fastLines, "for a slow client",
                    count), "the fast client got every change, in order");
            assertTrue(EventStreamClient.await(() -> feed.subscriberCount() == 1, 10), "the slow client was ended");

            List<String> events = slow.eventsToEnd();
            String end = events.get(events.size() - 1);
            assertTrue(end.startsWith("event:end\ndata:{"), end);
            assertTrue(events.subList(0, events.size() - 1).stream().allMatch(e -> e.startsWith("data:{")),
                    "changes are unnamed events of one data line");
            assertTrue(end.contains("\"reason\":\"too slow: " + BUFFER + " events were waiting"), end);
            List<String> before = WithdrawalBurst.changed(events, "for a slow client");
            assertTrue(before.size() < count, "ended before the burst's end: " + before.size());
            WithdrawalBurst.assertSequence(burst.hashes(0, before.size()), before,
                    "what it got before the end, in order, none lost");
        }
    }

    /** The most a TCP send buffer grows to (Linux: the third value of tcp_wmem), or 4 MB if unknown. */
    private static long sendBufferMaximum() {
        try {
            String[] wmem = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            return Long.parseLong(wmem[2]);
        } catch (IOException | RuntimeException e) {
            return 4 << 20;
        }
    }
}
