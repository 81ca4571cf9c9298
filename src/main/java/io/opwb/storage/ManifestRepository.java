package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The manifests we signed, with their leaves. */
@ApplicationScoped
public class ManifestRepository implements PanacheRepositoryBase<ManifestEntity, Long> {

    /** A manifest's leaves in their order in its Merkle tree. */
    public Uni<List<ManifestItemEntity>> leaves(long manifestId) {
        return getSession().chain(s -> s.createSelectionQuery("from ManifestItemEntity where manifestId = :m order by leafIndex",
                ManifestItemEntity.class).setParameter("m", manifestId).getResultList());
    }
}
