package io.opwb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Status passes and batches change thousands of withdrawals at once. Two transactions of 3,000
 * changes each (more than a page, 1,000, and more than a poll reads, 5,000) all reach the stream of
 * all, once each, in the order of their transactions, and the feed's cursor moves past them. (The
 * timestamp cursor before V16 stalled once 5,000 changes fell within its look-back.)
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusEventsBurstTest {

    private static final int PER_TRANSACTION = 3_000;

    @Inject
    Pool pool;

    @Inject
    StatusChangeFeed feed;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aBurstLargerThanAPollArrivesWholeAndInOrder() throws Exception {
        WithdrawalBurst burst = WithdrawalBurst.insert(pool, 2 * PER_TRANSACTION);
        int before = feed.subscriberCount();
        assertTrue(EventStreamClient.await(() -> feed.cursor() != null, 10), "the feed polls");
        try (EventStreamClient client = EventStreamClient.open(port, "/api/events")) {
            BlockingQueue<String> all = client.dataLinesInBackground();
            assertTrue(EventStreamClient.await(() -> feed.subscriberCount() > before, 10), "the stream is admitted");

            burst.changeStatus(0, PER_TRANSACTION, "burst A");
            long last = burst.changeStatus(PER_TRANSACTION, 2 * PER_TRANSACTION, "burst B");

            WithdrawalBurst.assertSequence(burst.hashes(0, 2 * PER_TRANSACTION),
                    WithdrawalBurst.changed(all, "burst ", 2 * PER_TRANSACTION),
                    "all, in the order of their transactions, by hash within one");
            assertEquals(List.of(), WithdrawalBurst.changed(List.copyOf(all), "burst "), "no change twice");
            assertTrue(feed.cursor().txid() >= last, "the cursor moved past the burst: " + feed.cursor().txid()
                    + " < " + last);
        }
    }
}
