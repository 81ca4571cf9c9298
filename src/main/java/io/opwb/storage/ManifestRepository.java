package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The manifests we signed, with their leaves. */
@ApplicationScoped
public class ManifestRepository implements PanacheRepositoryBase<ManifestEntity, Long> {

    /** The id the next manifest gets (it is signed over, so it is taken before the row is written). */
    public Uni<Long> nextId() {
        return getSession().chain(s -> s.createNativeQuery("select nextval('manifest_id_seq')", Long.class).getSingleResult());
    }

    /** The manifests still open (signed, chunks left to send), oldest first. */
    public Uni<List<ManifestEntity>> open() {
        // an inline literal, so that the partial index manifest_open (V8) serves it
        return list("status = " + HqlLiterals.of(ManifestStatus.OPEN) + " order by id");
    }

    /** A chunk of a manifest went out in our batch: its leaves name the batch, the manifest counts the chunk. */
    public Uni<Void> chunkSent(long manifestId, long batchId, List<byte[]> withdrawalHashes) {
        return getSession().chain(s -> s.createMutationQuery("update ManifestItemEntity set batchId = :b where manifestId = :m "
                + "and batchId is null and withdrawalHash in :h").setParameter("b", batchId)
                .setParameter("m", manifestId).setParameter("h", withdrawalHashes).executeUpdate())
                .chain(() -> update("chunksSent = chunksSent + 1 where id = ?1", manifestId))
                .replaceWithVoid();
    }

    /** A manifest's leaves in their order in its Merkle tree. */
    public Uni<List<ManifestItemEntity>> leaves(long manifestId) {
        return getSession().chain(s -> s.createSelectionQuery("from ManifestItemEntity where manifestId = :m order by leafIndex",
                ManifestItemEntity.class).setParameter("m", manifestId).getResultList());
    }
}
