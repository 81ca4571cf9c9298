package io.opwb.storage;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** What the L1 portal and messenger said about withdrawals (proofs, finalizations, relays), as indexed from their events. */
@ApplicationScoped
public class PortalEventRepository {

    /** The proofs of these withdrawals (any chain; by anyone), oldest first. */
    public Uni<List<PortalProofEntity>> proofsOf(Collection<byte[]> withdrawalHashes) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from PortalProofEntity where withdrawalHash in :h order by l1BlockNumber", PortalProofEntity.class)
                .setParameter("h", withdrawalHashes).getResultList());
    }

    /** The finalizations of these withdrawals (any chain). */
    public Uni<List<PortalFinalizationEntity>> finalizationsOf(Collection<byte[]> withdrawalHashes) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from PortalFinalizationEntity where withdrawalHash in :h", PortalFinalizationEntity.class)
                .setParameter("h", withdrawalHashes).getResultList());
    }

    /** The L1 messenger's relays (and failed relays) of these messages, replays included. */
    public Uni<List<MessengerRelayEntity>> relaysOf(Collection<byte[]> messageHashes) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from MessengerRelayEntity where messageHash in :h", MessengerRelayEntity.class)
                .setParameter("h", messageHashes).getResultList());
    }
}
