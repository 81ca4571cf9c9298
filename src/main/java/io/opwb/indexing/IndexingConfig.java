package io.opwb.indexing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the indexers read the chains. */
@ConfigMapping(prefix = "opwb.indexing")
public interface IndexingConfig {

    /** Blocks below the L1 head that are not read yet (reorg safety; reorgs below it are rolled back anyway). */
    @WithDefault("2")
    int l1Confirmations();

    /** Blocks below the L2 head that are not read yet. */
    @WithDefault("5")
    int l2Confirmations();

    /** First L1 block to read portal and factory events from. */
    @WithDefault("0")
    long l1StartBlock();

    /** First L2 block to read withdrawals from. */
    @WithDefault("0")
    long l2StartBlock();

    /**
     * Where a chain's indexers start when their start block is not set (0): this far back from each
     * chain's head, found by block timestamps at the first start (the chain presets set 30 days, so
     * that a real chain is not indexed from genesis). Unset: from block 0. Only a new indexer uses it;
     * one with a checkpoint goes on from there.
     */
    java.util.Optional<java.time.Duration> lookback();

    /** Blocks per eth_getLogs at first; halves when a node refuses a range, doubles after success. */
    @WithDefault("2000")
    int initialRange();

    @WithDefault("50000")
    int maxRange();

    /**
     * A range that brings more logs than this makes the next one half as long (and one with less
     * than half of it, twice as long): with {@code ranges-in-flight}, this bounds the logs held in memory.
     */
    @WithDefault("10000")
    int maxLogsPerRange();

    /**
     * A range whose logs came to more than this (bytes as the node sends them, about) makes the next
     * one half as long, and one of less than half of it may grow: with {@code ranges-in-flight},
     * this bounds the chain data held in memory when logs carry large calldata. A single answer is
     * also bounded by {@code opwb.rpc.max-answer-bytes} (refused, the range shrinks).
     */
    @WithDefault("4194304")
    long maxBytesPerRange();

    /** Ranges fetched ahead of the one being written, at most (and the fetch threads). */
    @WithDefault("3")
    int rangesInFlight();

    /**
     * How the L2 indexer reads {@code MessagePassed} logs: {@code streaming} decodes them from the
     * answer's bytes as it is parsed ({@link MessagePassedReader}); {@code web3j} is web3j's
     * {@code Log} objects and ABI decoder, as before: the same rows, kept to compare the two
     * (the backfill benchmark runs both).
     */
    @WithDefault("streaming")
    L2LogReader l2LogReader();

    enum L2LogReader {
        STREAMING, WEB3J
    }

    /** Threads that decode fetched ranges into rows. */
    @WithDefault("2")
    int decodeThreads();

    /** How many recent range-end block hashes are kept to find a reorg's fork point. */
    @WithDefault("256")
    int reorgHistory();

    /** Readiness fails when the L1 indexer is further behind than this (blocks). */
    @WithDefault("50")
    long l1MaxLagBlocks();

    /** Readiness fails when the L2 indexer is further behind than this (blocks). */
    @WithDefault("300")
    long l2MaxLagBlocks();

    /**
     * A large backfill drops the withdrawal table's look-up indexes and builds them when it has
     * caught up ({@link IndexDeferralPolicy}, {@link IndexDeferral}); meanwhile the API's look-ups by
     * L2 transaction, sender, target and account are slow (readiness says so, and a log line).
     */
    Deferral deferredIndexes();

    interface Deferral {
        /** Off: the indexes stay whatever the backfill's size (any dropped by an earlier run are still built). */
        @WithDefault("true")
        boolean enabled();

        /** Withdrawals expected in the rest of a backfill for it to drop the indexes (and at least as many as the table holds). */
        @WithDefault("100000")
        long minWithdrawals();

        /** PostgreSQL's {@code maintenance_work_mem} while it builds them again: one build's sort, in memory if it fits. */
        @WithDefault("256MB")
        String rebuildMemory();
    }
}
