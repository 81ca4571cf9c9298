package io.opwb.storage;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An indexer's step forward, written in the same transaction as the rows it read: the checkpoint
 * moves past block {@code to}, the hash of {@code to} is kept to notice a reorg later, and hashes
 * older than {@code keepFrom} are dropped. Two forms of the same three writes: in a Hibernate
 * session, and on a plain connection for the bulk writers.
 */
public record IndexerProgress(String indexer, long to, byte[] toHash, int nextRange, long keepFrom) {

    public Uni<Void> applyTo(Mutiny.Session s) {
        return s.find(IndexerCheckpointEntity.class, indexer).chain(cp -> {
            cp.nextBlock = to + 1;
            cp.rangeSize = nextRange;
            IndexedBlockEntity block = new IndexedBlockEntity();
            block.indexer = indexer;
            block.blockNumber = to;
            block.blockHash = toHash;
            return s.persist(block);
        }).chain(() -> s.createMutationQuery(
                "delete from IndexedBlockEntity where indexer = :n and blockNumber < :keepFrom")
                .setParameter("n", indexer).setParameter("keepFrom", keepFrom).executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> applyTo(SqlConnection c) {
        return c.preparedQuery("update indexer_checkpoint set next_block = $2, range_size = $3 where name = $1")
                .execute(Tuple.of(indexer, to + 1, nextRange))
                .chain(() -> c.preparedQuery("insert into indexed_block (indexer, block_number, block_hash) "
                        + "values ($1, $2, $3)").execute(Tuple.of(indexer, to, Buffer.buffer(toHash))))
                .chain(() -> c.preparedQuery("delete from indexed_block where indexer = $1 and block_number < $2")
                        .execute(Tuple.of(indexer, keepFrom)))
                .replaceWithVoid();
    }
}
