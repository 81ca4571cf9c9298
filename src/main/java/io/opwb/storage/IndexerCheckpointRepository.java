package io.opwb.storage;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** How far each indexer has read. */
@ApplicationScoped
public class IndexerCheckpointRepository implements PanacheRepositoryBase<IndexerCheckpointEntity, String> {

    /** The last block the named indexer has read, or -1 when it has read none. */
    public Uni<Long> readUpTo(String indexer) {
        return findById(indexer).map(checkpoint -> checkpoint == null ? -1 : checkpoint.nextBlock - 1);
    }
}
