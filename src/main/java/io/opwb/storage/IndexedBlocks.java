package io.opwb.storage;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * An indexer's checkpoint and the block hashes it keeps to notice a reorg. The indexers are made
 * per chain outside CDI, so these are plain functions over the current Panache session.
 */
public final class IndexedBlocks {

    private IndexedBlocks() {
    }

    public static Uni<IndexerCheckpointEntity> checkpoint(String indexer) {
        return Panache.getSession().chain(s -> s.find(IndexerCheckpointEntity.class, indexer));
    }

    /** The last block the named indexer has read, or -1 when it has read none. */
    public static Uni<Long> readUpTo(String indexer) {
        return checkpoint(indexer).map(checkpoint -> checkpoint == null ? -1 : checkpoint.nextBlock - 1);
    }

    /** The indexer's checkpoint; a new one starts at {@code firstBlock}. */
    public static Uni<IndexerCheckpointEntity> checkpointOrStart(String indexer, long firstBlock, int rangeSize) {
        return checkpoint(indexer).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            IndexerCheckpointEntity created = new IndexerCheckpointEntity();
            created.name = indexer;
            created.nextBlock = firstBlock;
            created.rangeSize = rangeSize;
            return Panache.getSession().chain(s -> s.persist(created)).replaceWith(created);
        });
    }

    public static Uni<Void> setRangeSize(String indexer, int rangeSize) {
        return checkpoint(indexer).invoke(cp -> cp.rangeSize = rangeSize).replaceWithVoid();
    }

    /** The range ends kept, newest first. */
    public static Uni<List<IndexedBlockEntity>> kept(String indexer) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from IndexedBlockEntity where indexer = :n order by blockNumber desc", IndexedBlockEntity.class)
                .setParameter("n", indexer).getResultList());
    }

    /** After a reorg: the indexer reads again from the block after {@code forkBlock}. */
    public static Uni<Void> rewindTo(String indexer, long forkBlock) {
        return Panache.getSession().chain(s -> s.createMutationQuery(
                "delete from IndexedBlockEntity where indexer = :n and blockNumber > :f")
                .setParameter("n", indexer).setParameter("f", forkBlock).executeUpdate())
                .chain(() -> checkpoint(indexer)).invoke(cp -> cp.nextBlock = forkBlock + 1).replaceWithVoid();
    }
}
