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

    /** Blocks per eth_getLogs at first; halves when a node refuses a range, doubles after success. */
    @WithDefault("2000")
    int initialRange();

    @WithDefault("50000")
    int maxRange();

    /** How many recent range-end block hashes are kept to find a reorg's fork point. */
    @WithDefault("256")
    int reorgHistory();

    /** Readiness fails when the L1 indexer is further behind than this (blocks). */
    @WithDefault("50")
    long l1MaxLagBlocks();

    /** Readiness fails when the L2 indexer is further behind than this (blocks). */
    @WithDefault("300")
    long l2MaxLagBlocks();
}
