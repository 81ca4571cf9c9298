package io.opwb.batching;

import java.util.ArrayList;
import java.util.List;

/**
 * How a signed manifest is cut into chunks, one L1 transaction each, pure: items in order, a
 * chunk closed when one more item would pass the gas budget or the item limit. An item too big for
 * any chunk goes alone (its batch reports it out of gas; the status rules keep such items away).
 */
public final class ChunkPlan {

    private ChunkPlan() {
    }

    /** Chunks as lists of positions into {@code itemGas}. */
    public static List<List<Integer>> split(List<Long> itemGas, long chunkBaseGas, long gasBudget, int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("a chunk holds at least one item");
        }
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> chunk = new ArrayList<>();
        long gas = chunkBaseGas;
        for (int i = 0; i < itemGas.size(); i++) {
            long g = itemGas.get(i);
            if (!chunk.isEmpty() && (chunk.size() == maxItems || gas + g > gasBudget)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                gas = chunkBaseGas;
            }
            chunk.add(i);
            gas += g;
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
