package io.opwb.indexing;

import java.io.IOException;
import java.math.BigInteger;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Where an indexer starts when told to look back a while ({@code opwb.indexing.lookback}) rather
 * than from a block: the first block whose timestamp is at or after the head's minus the lookback,
 * found by asking the node (a binary search: about 25 blocks read on Ethereum mainnet), once, when
 * the indexer has no checkpoint yet. The same search places a super-root game on our L2: the last block at or
 * before its super root's timestamp ({@link #lastAtOrBefore}).
 */
public final class StartBlockSearch {

    /** A block's timestamp by number. */
    @FunctionalInterface
    public interface Timestamps {
        long of(long block) throws IOException;
    }

    private StartBlockSearch() {
    }

    /** The first block in [0, head] whose timestamp is at or after {@code since}; head when none is. Pure. */
    public static long firstAtOrAfter(long since, long head, Timestamps timestamps) throws IOException {
        long lo = 0;
        long hi = head;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (timestamps.of(mid) < since) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The last block in [0, head] whose timestamp is at or before {@code timestamp}; -1 when block 0 is after it.
     * Pure; timestamps never decrease with the block number. Only final once the head's timestamp is at or past
     * {@code timestamp} (a later block could otherwise still qualify).
     */
    public static long lastAtOrBefore(long timestamp, long head, Timestamps timestamps) throws IOException {
        long lo = -1;
        long hi = head;
        while (lo < hi) {
            long mid = hi - (hi - lo) / 2;
            if (timestamps.of(mid) <= timestamp) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Block timestamps as the node serves them; a block it does not serve is an {@link IOException}. */
    public static Timestamps of(Web3j node) {
        return block -> {
            var b = node.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send();
            if (b.hasError() || b.getBlock() == null) {
                throw new IOException("block " + block + " not served" + (b.hasError() ? ": " + b.getError().getMessage() : ""));
            }
            return b.getBlock().getTimestamp().longValueExact();
        };
    }

    /** The first block of the node's chain within {@code lookbackSeconds} of its head. */
    public static long lookingBack(Web3j node, long lookbackSeconds) throws IOException {
        var head = node.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send();
        if (head.hasError() || head.getBlock() == null) {
            throw new IOException("no head block to look back from" + (head.hasError() ? ": " + head.getError().getMessage() : ""));
        }
        long headNumber = head.getBlock().getNumber().longValueExact();
        long since = head.getBlock().getTimestamp().longValueExact() - lookbackSeconds;
        return firstAtOrAfter(since, headNumber, of(node));
    }
}
