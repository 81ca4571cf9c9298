package io.opwb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
import io.smallrye.mutiny.Uni;

/**
 * A batch changes many withdrawals at once: every change of one poll reaches the stream of all
 * (the server writes an event at a time; the feed must not fail a listener that has not asked for
 * the next one yet).
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusEventsBurstTest {

    private static final int N = 8;

    @Inject
    Tx tx;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void manyChangesAtOnceAllArrive() throws Exception {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            byte[] hash = Numeric.hexStringToByteArray("0x" + "b" + i + "5e".repeat(31));
            hashes.add(hash);
            tx.inTransaction(() -> Panache.getSession().chain(s -> s.persist(TestWithdrawals.row(hash))));
        }
        BlockingQueue<String> all = new LinkedBlockingQueue<>();
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().filter(l -> l.startsWith("data:")).forEach(all::add));
        Thread.sleep(1500); // the listener registered: the feed polls while someone listens

        tx.inTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (byte[] hash : hashes) {
                chain = chain.chain(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(hash)))
                        .invoke(w -> w.setStatus("READY_TO_PROVE", "a batch of changes")).replaceWithVoid());
            }
            return chain;
        });

        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < N && System.nanoTime() < deadline) {
            String line = all.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.contains("a batch of changes")) {
                for (byte[] hash : hashes) {
                    if (line.contains(Numeric.toHexString(hash))) {
                        seen.add(Numeric.toHexString(hash));
                    }
                }
            }
        }
        assertEquals(N, seen.size(), "changes that reached the stream of all: " + seen);
    }
}
