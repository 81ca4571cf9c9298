package io.opwb.indexing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import io.opwb.storage.IndexedBlocks;
import io.opwb.storage.IndexerCheckpointEntity;
import io.opwb.storage.IndexerProgress;
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
    private final IndexingExecutors executors;
    /** The last range was refused (too large an answer, a timeout): fetch one at a time until one is served. */
    private volatile boolean refusedLast;

    /** @param metrics null outside CDI */
    protected LogIndexer(Tx tx, IndexingConfig config, ChainContext chain, IndexerMetrics metrics,
            IndexingExecutors executors) {
        this.tx = tx;
        this.config = config;
        this.chain = chain;
        this.metrics = metrics;
        this.executors = executors;
        this.ranges = new BlockRangePolicy(config.maxRange(), config.maxLogsPerRange(), config.maxBytesPerRange());
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

    /** Ranges fetched and decoded ahead of the one being written. */
    protected int rangesInFlight() {
        return Math.max(1, config.rangesInFlight());
    }

    protected abstract long startBlock();

    /** The addresses and topics to read, for blocks [from, to]. */
    protected abstract EthFilter filter(long from, long to);

    /**
     * Reads blocks [from, to] from the node: a range's logs, read on a fetch thread. An IOException
     * here is the node refusing the range (the next one is shorter).
     */
    protected abstract ReadLogs read(long from, long to) throws IOException;

    /** A range's logs as read: how many and about how many bytes (for the range's next size), and their write. */
    protected record ReadLogs(int count, long bytes, Preparation preparation) {
    }

    /**
     * Turns a range's logs into its database write; may read the chain. Runs on a decode thread,
     * possibly while earlier ranges are still being written, so it must not depend on them. An
     * IOException here fails the range (it is read again on the next run) without shrinking it.
     */
    @FunctionalInterface
    protected interface Preparation {
        RangeWrite prepare() throws IOException;
    }

    /** The logs of an {@code eth_getLogs} through web3j ({@link #web3jLogs}), and how they turn into a write. */
    protected static ReadLogs web3j(List<Log> logs, Preparation preparation) {
        return new ReadLogs(logs.size(), estimatedBytes(logs), preparation);
    }

    /** A range's rows, written together with the indexer's progress in one transaction. */
    @FunctionalInterface
    protected interface RangeWrite {
        void commit(IndexerProgress progress);
    }

    /** The usual write: the rows' work and the progress in one Hibernate transaction. */
    protected RangeWrite inTransaction(Supplier<Uni<Void>> work) {
        return progress -> tx.inTransaction(() -> work.get()
                .chain(() -> Panache.getSession().chain(progress::applyTo)));
    }

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

    /**
     * Reads ranges until it reaches the head (at most {@code maxRanges}); returns the logs read.
     * Up to {@code ranges-in-flight} ranges are fetched at once (a reader may decode as it parses,
     * on the fetch thread) and prepared for their write off the fetch threads; they are written
     * strictly in block order, each with its checkpoint. A new fetch starts only when a range has
     * been written, so however far behind it starts, memory holds at most that many ranges, each
     * answer bounded by {@code opwb.rpc.max-answer-bytes} (and a range's size shrinks when it brings
     * more than {@code max-logs-per-range} logs or {@code max-bytes-per-range} bytes).
     */
    public int indexUntilCaughtUp(int maxRanges) throws IOException {
        Span.current().setAttribute("opwb.indexer", name());
        IndexerCheckpointEntity checkpoint = checkReorg(checkpoint());
        long head = node().ethBlockNumber().send().getBlockNumber().longValueExact() - confirmations();
        recordLag(head - (checkpoint.nextBlock - 1));
        ArrayDeque<CompletableFuture<FetchedRange>> inFlight = new ArrayDeque<>();
        long nextFrom = checkpoint.nextBlock;
        int rangeSize = checkpoint.rangeSize;
        int planned = 0;
        int logs = 0;
        try {
            while (true) {
                // After a refusal, one range at a time until one is served: each refused answer was
                // read up to the answer bound, and several at once would hold that many times it.
                int slots = refusedLast ? 1 : rangesInFlight();
                while (inFlight.size() < slots && planned < maxRanges && nextFrom <= head) {
                    long from = nextFrom;
                    long to = Math.min(head, from + rangeSize - 1);
                    inFlight.add(fetchAndPrepare(from, to, rangeSize));
                    nextFrom = to + 1;
                    planned++;
                }
                CompletableFuture<FetchedRange> next = inFlight.poll();
                if (next == null) {
                    if (nextFrom > head) {
                        caughtUp();
                    }
                    return logs;
                }
                FetchedRange range;
                try {
                    range = awaitRange(next);
                } catch (RangeRefused refused) {
                    refusedLast = true;
                    int smaller = ranges.afterRefusal(refused.size);
                    LOG.warnf("%s: node refused blocks %d-%d (%s); next range %d blocks", name(), refused.from,
                            refused.to, refused.getMessage(), smaller);
                    saveRange(smaller);
                    if (ranges.exhausted(refused.size)) {
                        throw refused;
                    }
                    return logs;
                }
                refusedLast = false;
                rangeSize = ranges.afterSuccess(range.size(), range.logs(), range.bytes());
                long t = System.nanoTime();
                range.write().commit(new IndexerProgress(name(), range.to(), range.toHash(), rangeSize,
                        range.to() - (long) config.reorgHistory() * Math.max(1, rangeSize)));
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("%s: blocks %d-%d, %d logs (~%d kB): fetched in %d ms, decoded in %d ms, committed in %d ms",
                            name(), range.from(), range.to(), range.logs(), range.bytes() / 1000, range.fetchMillis(),
                            range.decodeMillis(),
                            (System.nanoTime() - t) / 1_000_000);
                }
                logs += range.logs();
                recordLag(head - range.to());
                afterRange(head - range.to(), range.to() - checkpoint.nextBlock + 1, logs);
            }
        } finally {
            inFlight.forEach(f -> f.cancel(true));
        }
    }

    /**
     * After each range committed: {@code blocksLeft} to the head, {@code blocksRead} and
     * {@code logsRead} since this call began. Runs on the writing thread, between two ranges' writes.
     */
    protected void afterRange(long blocksLeft, long blocksRead, int logsRead) {
    }

    /** This call has read up to the head (or found nothing to read). */
    protected void caughtUp() {
    }

    private record FetchedRange(long from, long to, int size, int logs, long bytes, byte[] toHash, RangeWrite write,
            long fetchMillis, long decodeMillis) {
    }

    /** A range the node would not serve (too many results, a timeout): the next try asks for fewer blocks. */
    private static final class RangeRefused extends IOException {
        final long from;
        final long to;
        final int size;

        RangeRefused(long from, long to, int size, IOException cause) {
            super(cause.getMessage(), cause);
            this.from = from;
            this.to = to;
            this.size = size;
        }
    }

    private record Fetched(ReadLogs logs, byte[] toHash, long millis) {
    }

    /** About the bytes the node sent for these logs: their hex fields and the JSON around them. */
    private static long estimatedBytes(List<Log> logs) {
        long total = 0;
        for (Log log : logs) {
            total += JSON_PER_LOG + length(log.getData());
            for (String topic : log.getTopics() == null ? List.<String>of() : log.getTopics()) {
                total += 4 + length(topic);
            }
        }
        return total;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** A log's fields besides its data and topics (address, block and transaction hashes, numbers, names), as JSON. */
    private static final int JSON_PER_LOG = 420;

    private CompletableFuture<FetchedRange> fetchAndPrepare(long from, long to, int size) {
        return CompletableFuture.supplyAsync(() -> {
            long t = System.nanoTime();
            ReadLogs logs;
            try {
                logs = read(from, to);
            } catch (IOException e) {
                // halved from the blocks asked for: a range cut at the head is shorter than planned
                throw new CompletionException(new RangeRefused(from, to, (int) Math.min(size, to - from + 1), e));
            }
            try {
                return new Fetched(logs, blockHash(to), (System.nanoTime() - t) / 1_000_000);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executors.fetch()).thenApplyAsync(fetched -> {
            long t = System.nanoTime();
            try {
                RangeWrite write = fetched.logs().preparation().prepare();
                return new FetchedRange(from, to, size, fetched.logs().count(), fetched.logs().bytes(), fetched.toHash(), write,
                        fetched.millis(), (System.nanoTime() - t) / 1_000_000);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executors.decode());
    }

    private static FetchedRange awaitRange(CompletableFuture<FetchedRange> range) throws IOException {
        try {
            return range.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while indexing");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void recordLag(long blocks) {
        if (metrics != null) { // null only when built outside CDI
            metrics.lag(kind(), chain.name(), blocks);
        }
    }

    /** The logs of blocks [from, to] through web3j: {@code Log} objects, for {@link #web3j}. */
    protected final List<Log> web3jLogs(long from, long to) throws IOException {
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

    /** The checkpoint; a new one starts at the first block ({@link #firstBlock()}), asked of the node outside the transaction. */
    private IndexerCheckpointEntity checkpoint() throws IOException {
        IndexerCheckpointEntity found = tx.read(() -> IndexedBlocks.checkpoint(name()));
        if (found != null) {
            return found;
        }
        long first = firstBlock();
        return tx.inTransaction(() -> IndexedBlocks.checkpointOrStart(name(), first, config.initialRange()));
    }

    /** The configured start block; when it is 0 and a lookback is set, the first block within it of the head. */
    private long firstBlock() throws IOException {
        if (startBlock() > 0 || config.lookback().isEmpty()) {
            return startBlock();
        }
        long first = StartBlockSearch.lookingBack(node(), config.lookback().get().toSeconds());
        LOG.infof("%s: starts at block %d, %s back from the head (opwb.indexing.lookback)", name(), first,
                config.lookback().get());
        return first;
    }

    private void saveRange(int rangeSize) {
        tx.inTransaction(() -> IndexedBlocks.setRangeSize(name(), rangeSize));
    }

    /** Rolls back to the fork point if the last block read is no longer canonical. */
    private IndexerCheckpointEntity checkReorg(IndexerCheckpointEntity checkpoint) throws IOException {
        List<IndexedBlockEntity> kept = tx.read(() -> IndexedBlocks.kept(name()));
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
        tx.inTransaction(() -> rollback.get().chain(() -> IndexedBlocks.rewindTo(name(), forkBlock)));
        return checkpoint();
    }

    protected byte[] blockHash(long number) throws IOException {
        EthBlock.Block block = node().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
                false).send().getBlock();
        return block == null ? new byte[0] : Numeric.hexStringToByteArray(block.getHash());
    }
}
