package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/** The worker lease on a real PostgreSQL: one holder at a time, takeover after expiry, fencing. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class LeaseRepositoryTest {

    private static final Duration LONG = Duration.ofMinutes(1);

    @Inject
    LeaseRepository leases;

    @Inject
    Tx tx;

    @Test
    void oneHolderAtATimeAndAnExpiredLeaseIsTakenWithANewEpoch() throws Throwable {
        String name = "test-expiry";
        Long first = await(() -> leases.acquireOrRenew(name, "a", Duration.ofMillis(300)));
        assertEquals(1L, first);
        assertNull(await(() -> leases.acquireOrRenew(name, "b", LONG)), "b cannot take a live lease");
        assertEquals(1L, await(() -> leases.acquireOrRenew(name, "a", Duration.ofMillis(300))), "a renews, same epoch");

        Thread.sleep(400);
        assertEquals(2L, await(() -> leases.acquireOrRenew(name, "b", LONG)), "b takes the expired lease");
        assertNull(await(() -> leases.acquireOrRenew(name, "a", LONG)), "a cannot renew what it lost");
        LeaseRepository.Holder holder = await(() -> leases.current(name));
        assertEquals("b", holder.holder());
        assertTrue(holder.current());
    }

    @Test
    void workFencedByALostLeaseIsNotCommitted() throws Throwable {
        String name = "test-fence";
        long epoch = await(() -> leases.acquireOrRenew(name, "a", LONG));
        await(() -> Panache.getSession().chain(s -> leases.requireHeld(s, name, "a", epoch)));

        await(() -> leases.release(name, "a"));
        assertFalse(await(() -> leases.current(name)).current(), "released: expired at once");
        assertEquals(epoch + 1, await(() -> leases.acquireOrRenew(name, "b", LONG)));
        assertThrows(LeaseRepository.LeaseLostException.class,
                () -> await(() -> Panache.getSession().chain(s -> leases.requireHeld(s, name, "a", epoch))));
    }

    /** Each step in a transaction of its own, as the service runs them. */
    private <T> T await(Supplier<Uni<T>> work) {
        return tx.inTransaction(work);
    }
}
