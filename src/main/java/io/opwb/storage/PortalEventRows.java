package io.opwb.storage;

import java.util.ArrayList;
import java.util.List;

import org.hibernate.reactive.mutiny.Mutiny;

import io.opwb.chain.PortalKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The L1 indexer's rows (games, proofs, finalizations, messenger relays) as it writes and rolls
 * them back. Plain functions over the current Panache session: the indexers are made per chain.
 */
public final class PortalEventRows {

    private PortalEventRows() {
    }

    /** Idempotent: a range read again after a crash finds its rows there already. */
    public static Uni<Void> insertIfNew(Object row) {
        return Panache.getSession().chain(s -> stored(s, row)
                .chain(found -> found ? Uni.createFrom().voidItem() : s.persist(row)));
    }

    private static Uni<Boolean> stored(Mutiny.Session s, Object row) {
        if (row instanceof DisputeGameEntity g) {
            return s.find(DisputeGameEntity.class, new GameKey(g.l2ChainId, g.gameIndex)).map(x -> x != null);
        }
        if (row instanceof PortalFinalizationEntity f) {
            return s.find(PortalFinalizationEntity.class, new WithdrawalKey(f.l2ChainId, f.withdrawalHash))
                    .map(x -> x != null);
        }
        if (row instanceof MessengerRelayEntity r) {
            return s.createSelectionQuery("select count(*) from MessengerRelayEntity where l1TxHash = :t "
                    + "and logIndex = :i", Long.class).setParameter("t", r.l1TxHash).setParameter("i", r.logIndex)
                    .getSingleResult().map(c -> c > 0);
        }
        PortalProofEntity p = (PortalProofEntity) row;
        return s.createSelectionQuery("select count(*) from PortalProofEntity where l1TxHash = :t and logIndex = :i",
                Long.class).setParameter("t", p.l1TxHash).setParameter("i", p.logIndex).getSingleResult()
                .map(c -> c > 0);
    }

    public static Uni<Void> blacklist(long l2ChainId, List<byte[]> gameAddresses) {
        if (gameAddresses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createMutationQuery(
                "update DisputeGameEntity set blacklisted = true where l2ChainId = :c and address in :a")
                .setParameter("c", l2ChainId).setParameter("a", gameAddresses).executeUpdate()).replaceWithVoid();
    }

    /** Block number and hash of the L1 blocks the chain's rows came from, the newest first, at most {@code limit} of each kind. */
    public static Uni<List<Object[]>> blocks(long l2ChainId, int limit) {
        List<String> entities = List.of("DisputeGameEntity", "PortalProofEntity", "PortalFinalizationEntity",
                "MessengerRelayEntity");
        Uni<List<Object[]>> all = Uni.createFrom().item(new ArrayList<>());
        for (String entity : entities) {
            all = all.chain(found -> Panache.getSession().chain(s -> s.createSelectionQuery(
                    "select distinct l1BlockNumber, l1BlockHash from " + entity
                            + " where l2ChainId = :c order by l1BlockNumber desc", Object[].class)
                    .setParameter("c", l2ChainId).setMaxResults(limit).getResultList())
                    .map(rows -> {
                        found.addAll(rows);
                        return found;
                    }));
        }
        return all;
    }

    /**
     * Rolls back what the chain's indexer read after {@code forkBlock}; a game resolution is read from
     * its contract, not from a log, so one made at or after {@code forkTime} is forgotten too.
     */
    public static Uni<Void> deleteAfter(long l2ChainId, long forkBlock, long forkTime) {
        return Panache.getSession().chain(s -> s.createMutationQuery(
                "delete from PortalProofEntity where l2ChainId = :c and l1BlockNumber > :f")
                .setParameter("c", l2ChainId).setParameter("f", forkBlock).executeUpdate()
                .chain(() -> s.createMutationQuery("delete from PortalFinalizationEntity where l2ChainId = :c and l1BlockNumber > :f")
                        .setParameter("c", l2ChainId).setParameter("f", forkBlock).executeUpdate())
                .chain(() -> s.createMutationQuery("delete from DisputeGameEntity where l2ChainId = :c and l1BlockNumber > :f")
                        .setParameter("c", l2ChainId).setParameter("f", forkBlock).executeUpdate())
                .chain(() -> s.createMutationQuery("delete from MessengerRelayEntity where l2ChainId = :c and l1BlockNumber > :f")
                        .setParameter("c", l2ChainId).setParameter("f", forkBlock).executeUpdate())
                .chain(() -> s.createMutationQuery("update DisputeGameEntity set status = :open, resolvedAt = null "
                        + "where l2ChainId = :c and resolvedAt >= :t").setParameter("c", l2ChainId)
                        .setParameter("open", DisputeGameEntity.IN_PROGRESS)
                        .setParameter("t", forkTime).executeUpdate()))
                .replaceWithVoid();
    }

    /** Output proposals from index {@code from} on were deleted: open again, for the game tracker to read. */
    public static Uni<Void> reopenOutputsFrom(long l2ChainId, long from) {
        return Panache.getSession().chain(s -> s.createMutationQuery("update DisputeGameEntity set status = :open, "
                + "resolvedAt = null where l2ChainId = :c and gameType = :outputs and gameIndex >= :from")
                .setParameter("c", l2ChainId).setParameter("open", DisputeGameEntity.IN_PROGRESS)
                .setParameter("outputs", PortalKind.OUTPUT_PROPOSALS).setParameter("from", from).executeUpdate())
                .replaceWithVoid();
    }
}
