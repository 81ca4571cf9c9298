package io.opwb.batching;

import java.util.ArrayList;
import java.util.List;

/**
 * How a signed manifest is cut into chunks, one L1 transaction each, pure: items in order, a
 * chunk closed when one more item would pass the gas budget, the calldata budget or the item limit. An item too big for
 * any chunk goes alone (its batch reports it out of gas; the status rules keep such items away).
 */
public final class ChunkPlan {

    private ChunkPlan() {
    }

    /** Chunks as lists of positions into {@code itemGas}. */
    public static List<List<Integer>> split(List<Long> itemGas, long chunkBaseGas, long gasBudget, int maxItems) {
        return split(itemGas, NO_BYTES, chunkBaseGas, 0, gasBudget, Integer.MAX_VALUE, maxItems);
    }

    /**
     * The calldata an item adds to the chunk being built: it may depend on what the chunk already
     * holds (proof nodes are shared within a chunk).
     */
    public interface ChunkBytes {
        int ifAdded(int position);

        void add(int position);

        void newChunk();
    }

    private static final ChunkBytes NO_BYTES = new ChunkBytes() {
        public int ifAdded(int position) {
            return 0;
        }

        public void add(int position) {
        }

        public void newChunk() {
        }
    };

    /**
     * Chunks as lists of positions into {@code itemGas}, each also within {@code byteBudget} bytes of
     * calldata (the chunk's own {@code chunkBaseBytes} and what {@code sizes} says each item adds).
     */
    public static List<List<Integer>> split(List<Long> itemGas, ChunkBytes sizes, long chunkBaseGas,
            int chunkBaseBytes, long gasBudget, int byteBudget, int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("a chunk holds at least one item");
        }
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> chunk = new ArrayList<>();
        long gas = chunkBaseGas;
        long bytes = chunkBaseBytes;
        sizes.newChunk();
        for (int i = 0; i < itemGas.size(); i++) {
            long g = itemGas.get(i);
            int b = sizes.ifAdded(i);
            if (!chunk.isEmpty() && (chunk.size() == maxItems || gas + g > gasBudget || bytes + b > byteBudget)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                gas = chunkBaseGas;
                bytes = chunkBaseBytes;
                sizes.newChunk();
                b = sizes.ifAdded(i);
            }
            chunk.add(i);
            sizes.add(i);
            gas += g;
            bytes += b;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /** The gas limit of a chunk: its base and its items' bounds. */
    public static long gasOf(List<Integer> chunk, List<Long> itemGas, long chunkBaseGas) {
        return chunkBaseGas + chunk.stream().mapToLong(itemGas::get).sum();
    }
}
