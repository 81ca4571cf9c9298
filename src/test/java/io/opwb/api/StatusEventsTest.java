package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Live status: a change written to the database arrives on the stream of all and on that withdrawal's. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusEventsTest {

    @Inject
    Tx tx;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aStatusChangeArrivesOnBothStreams() throws Exception {
        byte[] hash = Numeric.hexStringToByteArray("0x" + "5e".repeat(32));
        String hex = Numeric.toHexString(hash);
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.persist(TestWithdrawals.row(hash))));

        BlockingQueue<String> one = listen("/api/withdrawals/" + hex + "/events");
        BlockingQueue<String> all = listen("/api/events");
        String current = one.poll(10, TimeUnit.SECONDS);
        assertNotNull(current, "the stream of one withdrawal starts with its status now");
        assertTrue(current.contains("\"status\":\"WAITING_FOR_GAME\""), current);
        Thread.sleep(1500); // both listeners registered: the feed polls while someone listens

        tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(hash)))
                .invoke(w -> w.setStatus(io.opwb.storage.WithdrawalStatus.READY_TO_PROVE,
                        io.opwb.storage.ReasonCode.ATTEMPT_FAILED, "a test moved it")).replaceWithVoid());

        String change = awaitLine(one, "\"status\":\"READY_TO_PROVE\"");
        assertTrue(change.contains("a test moved it"), change);
        assertTrue(change.contains("\"reasonCode\":\"ATTEMPT_FAILED\""), "the code beside the text: " + change);
        assertTrue(awaitLine(all, "\"status\":\"READY_TO_PROVE\"").contains(hex), "the change on the stream of all");
    }

    /** The first line containing {@code text} within 10 s (earlier changes, like the insert, may come first). */
    private static String awaitLine(BlockingQueue<String> lines, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("no event with " + text + " within 10 s");
    }

    @Test
    void aBadOrUnknownHashIsRefusedBeforeAnyStream() {
        given().get("/api/withdrawals/0x1234/events").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/api/withdrawals/0x" + "00".repeat(32) + "/events").then().statusCode(404)
                .contentType("application/problem+json");
    }

    /** The data lines of a server-sent-event stream, as they arrive (the stream stays open for the test's life). */
    private BlockingQueue<String> listen(String path) throws java.io.IOException {
        return EventStreamClient.open(port, path).dataLinesInBackground();
    }
}
