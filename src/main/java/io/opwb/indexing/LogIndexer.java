package io.opwb.indexing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.opentelemetry.api.trace.Span;
import io.opwb.chain.ChainContext;
import io.opwb.storage.IndexedBlockEntity;
import io.opwb.storage.IndexerCheckpointEntity;
import io.opwb.storage.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Reads one chain's logs into Postgres in block ranges, checkpointed: each range's rows, the new
 * checkpoint and the hash of the range's last block are written in one transaction, so a crash
 * anywhere resumes from the last committed range. Before each range it checks that the last block
 * it read is still canonical; if not (a reorg), it finds the fork point among the hashes it kept
 * and rolls back everything read after it.
 */
public abstract class LogIndexer {

    private static final Logger LOG = Logger.getLogger(LogIndexer.class);

    protected final Tx tx;
    protected final IndexingConfig config;
    /** The OP chain this indexer reads for. */
    protected final ChainContext chain;
    private final BlockRangePolicy ranges;
    private final IndexerMetrics metrics;

    /** @param metrics null outside CDI */
    protected LogIndexer(Tx tx, IndexingConfig config, ChainContext chain, IndexerMetrics metrics) {
        this.tx = tx;
        this.config = config;
        this.chain = chain;
        this.metrics = metrics;
        this.ranges = new BlockRangePolicy(config.maxRange());
    }

    /** What it indexes: {@code l2-withdrawals} or {@code l1-portal}. */
    protected abstract String kind();

    /** Its checkpoint's name: the kind and the L2 chain id. */
    public final String name() {
        return checkpointName(kind(), chain.id());
    }

    public static String checkpointName(String kind, long l2ChainId) {
        return kind + ":" + l2ChainId;
    }

    protected abstract Web3j node();

    protected abstract int confirmations();

    protected abstract long startBlock();

    /** The addresses and topics to read, for blocks [from, to]. */
    protected abstract EthFilter filter(long from, long to);

    /**
     * Turns logs into database work; may read the chain (that happens before the transaction).
     * The returned work runs inside the range's transaction.
     */
    protected abstract Supplier<Uni<Void>> prepare(List<Log> logs) throws IOException;

    /**
     * Block number and hash of the blocks this indexer's rows came from (the newest first, at most
     * {@code limit}), to find a reorg's fork point between the range ends it keeps.
     */
    protected abstract Uni<List<Object[]>> rowBlocks(int limit);

    /**
     * Undoes what was indexed from blocks after {@code forkBlock}; may read the chain (that happens
     * before the transaction). The returned work runs inside the rollback's transaction.
     */
    protected abstract Supplier<Uni<Void>> rollbackAfter(long forkBlock) throws IOException;

    /** Reads ranges until it reaches the head (at most {@code maxRanges}); returns the logs read. */
    public int indexUntilCaughtUp(int maxRanges) throws IOException {
        Span.current().setAttribute("opwb.indexer", name());
        int logs = 0;
        for (int i = 0; i < maxRanges; i++) {
            int read = indexOnce();
            if (read < 0) {
                break;
            }
            logs += read;
        }
        return logs;
    }

    private void recordLag(long blocks) {
        if (metrics != null) { // null only when built outside CDI
            metrics.lag(kind(), chain.name(), blocks);
        }
    }

    /** Reads the next range; returns the number of logs read, or -1 when there was nothing new to read. */
    public int indexOnce() throws IOException {
        IndexerCheckpointEntity checkpoint = tx.inTransaction(this::loadCheckpoint);
        checkpoint = checkReorg(checkpoint);
        long head = node().ethBlockNumber().send().getBlockNumber().longValueExact() - confirmations();
        recordLag(head - (checkpoint.nextBlock - 1));
        if (checkpoint.nextBlock > head) {
            return -1;
        }
        long from = checkpoint.nextBlock;
        long to = Math.min(head, from + checkpoint.rangeSize - 1);
        List<Log> logs;
        long t0 = System.nanoTime();
        try {
            logs = getLogs(from, to);
        } catch (IOException refused) {
            int smaller = ranges.afterRefusal(checkpoint.rangeSize);
            LOG.warnf("%s: node refused blocks %d-%d (%s); next range %d blocks", name(), from, to,
                    refused.getMessage(), smaller);
            saveRange(smaller);
            if (ranges.exhausted(checkpoint.rangeSize)) {
                throw refused;
            }
            return -1;
        }
        long t1 = System.nanoTime();
        byte[] toHash = blockHash(to);
        Supplier<Uni<Void>> work = prepare(logs);
        long t2 = System.nanoTime();
        int nextRange = ranges.afterSuccess(checkpoint.rangeSize);
        tx.inTransaction(() -> work.get().chain(() -> advance(to, toHash, nextRange)));
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s: blocks %d-%d, %d logs: fetched in %d ms, decoded in %d ms, committed in %d ms", name(),
                    from, to, logs.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
        }
        recordLag(head - to);
        return logs.size();
    }

    private List<Log> getLogs(long from, long to) throws IOException {
        EthLog response;
        try {
            response = node().ethGetLogs(filter(from, to)).send();
        } catch (IOException | RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (response.hasError()) {
            throw new IOException(response.getError().getMessage());
        }
        return response.getLogs().stream().map(r -> (Log) r.get()).toList();
    }

    private Uni<IndexerCheckpointEntity> loadCheckpoint() {
        return Panache.getSession().chain(s -> s.find(IndexerCheckpointEntity.class, name())).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            IndexerCheckpointEntity created = new IndexerCheckpointEntity();
            created.name = name();
            created.nextBlock = startBlock();
            created.rangeSize = config.initialRange();
            return Panache.getSession().chain(s -> s.persist(created)).replaceWith(created);
        });
    }

    private void saveRange(int rangeSize) {
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(IndexerCheckpointEntity.class, name()))
                .invoke(cp -> cp.rangeSize = rangeSize).replaceWithVoid());
    }

    private Uni<Void> advance(long to, byte[] toHash, int nextRange) {
        return Panache.getSession().chain(s -> s.find(IndexerCheckpointEntity.class, name()).chain(cp -> {
            cp.nextBlock = to + 1;
            cp.rangeSize = nextRange;
            IndexedBlockEntity block = new IndexedBlockEntity();
            block.indexer = name();
            block.blockNumber = to;
            block.blockHash = toHash;
            return s.persist(block);
        })).chain(() -> Panache.getSession().chain(s -> s.createMutationQuery(
                "delete from IndexedBlockEntity where indexer = :n and blockNumber < :keepFrom")
                .setParameter("n", name())
                .setParameter("keepFrom", to - (long) config.reorgHistory() * Math.max(1, nextRange))
                .executeUpdate())).replaceWithVoid();
    }

    /** Rolls back to the fork point if the last block read is no longer canonical. */
    private IndexerCheckpointEntity checkReorg(IndexerCheckpointEntity checkpoint) throws IOException {
        List<IndexedBlockEntity> kept = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from IndexedBlockEntity where indexer = :n order by blockNumber desc", IndexedBlockEntity.class)
                .setParameter("n", name()).getResultList()));
        if (kept.isEmpty() || java.util.Arrays.equals(kept.get(0).blockHash, blockHash(kept.get(0).blockNumber))) {
            return checkpoint;
        }
        // Candidates, newest first: the range ends we kept and the blocks our rows came from. The
        // newest one still canonical is the fork point: its ancestors are canonical too.
        java.util.TreeMap<Long, byte[]> known = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        kept.forEach(b -> known.put(b.blockNumber, b.blockHash));
        tx.read(() -> rowBlocks(config.reorgHistory())).forEach(r -> known.putIfAbsent((Long) r[0], (byte[]) r[1]));
        long fork = startBlock() - 1;
        for (var block : known.entrySet()) {
            if (java.util.Arrays.equals(block.getValue(), blockHash(block.getKey()))) {
                fork = block.getKey();
                break;
            }
        }
        long forkBlock = fork;
        LOG.warnf("%s: reorg below block %d; rolling back everything indexed after block %d", name(),
                kept.get(0).blockNumber, forkBlock);
        Supplier<Uni<Void>> rollback = rollbackAfter(forkBlock);
        tx.inTransaction(() -> rollback.get()
                .chain(() -> Panache.getSession().chain(s -> s.createMutationQuery(
                        "delete from IndexedBlockEntity where indexer = :n and blockNumber > :f")
                        .setParameter("n", name()).setParameter("f", forkBlock).executeUpdate()))
                .chain(() -> Panache.getSession().chain(s -> s.find(IndexerCheckpointEntity.class, name())))
                .invoke(cp -> cp.nextBlock = forkBlock + 1).replaceWithVoid());
        return tx.inTransaction(this::loadCheckpoint);
    }

    protected byte[] blockHash(long number) throws IOException {
        EthBlock.Block block = node().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
                false).send().getBlock();
        return block == null ? new byte[0] : Numeric.hexStringToByteArray(block.getHash());
    }
}
