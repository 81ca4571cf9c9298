package io.opwb.submission;

import java.math.BigInteger;
import java.util.List;
import java.util.TreeMap;

/**
 * The base fees of the last L1 blocks, as we first saw them: a node's later account of a block we
 * already saw does not replace it, so a node cannot rewrite the history its suggestions are judged
 * against. Kept in memory; after a restart the node's history is taken as it comes.
 */
final class RecentBaseFees {

    private final int blocks;
    private final TreeMap<Long, BigInteger> byBlock = new TreeMap<>();

    RecentBaseFees(int blocks) {
        this.blocks = blocks;
    }

    /**
     * Adds what a node reports of consecutive blocks (as {@code eth_feeHistory} does), and returns the
     * base fees of the window that ends with the newest of them, oldest first.
     */
    synchronized List<BigInteger> observe(long oldestBlock, List<BigInteger> baseFees) {
        for (int i = 0; i < baseFees.size(); i++) {
            byBlock.putIfAbsent(oldestBlock + i, baseFees.get(i));
        }
        long newest = oldestBlock + baseFees.size() - 1;
        long first = newest - blocks + 1;
        byBlock.headMap(first).clear();
        return List.copyOf(byBlock.subMap(first, true, newest, true).values());
    }
}
