package io.opwb.storage;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Leases in table {@code worker_lease}: at most one holder per name, for a time counted by the
 * database's clock. A holder renews before expiry; anyone may take an expired lease.
 */
@ApplicationScoped
public class LeaseRepository {

    /** Who holds a lease, in which epoch, and whether it is still current. */
    public record Holder(String holder, long epoch, boolean current) {
    }

    /**
     * Takes the lease if it is free or expired, or renews it if {@code holder} has it. Returns the
     * epoch when {@code holder} holds the lease afterwards, null when someone else does. Runs in
     * the caller's transaction ({@link Tx#inTransaction}).
     */
    public Uni<Long> acquireOrRenew(String name, String holder, Duration ttl) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO worker_lease (name, holder, epoch, acquired_at, expires_at)
                VALUES (:name, :holder, 1, now(), now() + :ttlMillis * interval '1 millisecond')
                ON CONFLICT (name) DO UPDATE SET
                    epoch = CASE WHEN worker_lease.holder = EXCLUDED.holder THEN worker_lease.epoch
                                 ELSE worker_lease.epoch + 1 END,
                    acquired_at = CASE WHEN worker_lease.holder = EXCLUDED.holder THEN worker_lease.acquired_at
                                 ELSE now() END,
                    holder = EXCLUDED.holder,
                    expires_at = EXCLUDED.expires_at
                WHERE worker_lease.holder = EXCLUDED.holder OR worker_lease.expires_at < now()
                RETURNING epoch""", Long.class)
                .setParameter("name", name).setParameter("holder", holder).setParameter("ttlMillis", ttl.toMillis())
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : ((Number) rows.get(0)).longValue()));
    }

    /**
     * Inside a transaction that is about to commit work only the holder may do: fails unless
     * {@code holder} still holds the lease in {@code epoch}. The row is share-locked, so a takeover
     * waits for this transaction to end.
     */
    public Uni<Void> requireHeld(Mutiny.Session s, String name, String holder, long epoch) {
        return s.createNativeQuery("""
                SELECT epoch FROM worker_lease
                WHERE name = :name AND holder = :holder AND epoch = :epoch AND expires_at > now()
                FOR SHARE""", Long.class)
                .setParameter("name", name).setParameter("holder", holder).setParameter("epoch", epoch)
                .getResultList()
                .invoke(rows -> {
                    if (rows.isEmpty()) {
                        throw new LeaseLostException(name, holder);
                    }
                }).replaceWithVoid();
    }

    /** Gives the lease up at once (a clean shutdown), so another replica need not wait for expiry. */
    public Uni<Void> release(String name, String holder) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "UPDATE worker_lease SET expires_at = now() WHERE name = :name AND holder = :holder")
                .setParameter("name", name).setParameter("holder", holder).executeUpdate()).replaceWithVoid();
    }

    public Uni<Holder> current(String name) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT holder, epoch, expires_at > now() FROM worker_lease WHERE name = :name", Object[].class)
                .setParameter("name", name).getResultList())
                .map(LeaseRepository::holder);
    }

    private static Holder holder(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new Holder((String) row[0], ((Number) row[1]).longValue(), (Boolean) row[2]);
    }

    /** The lease moved to another holder, or expired, before work that needed it was committed. */
    public static final class LeaseLostException extends IllegalStateException {
        public LeaseLostException(String name, String holder) {
            super("lease '" + name + "' is no longer held by " + holder);
        }
    }
}
