package io.opwb.batching;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * When a closed batch window may spend: at or under a base-fee ceiling, or under a percentile of
 * recent blocks' base fees; regardless, once a withdrawal nears its deadline. Nothing set: always.
 */
@ConfigMapping(prefix = "opwb.fees")
public interface FeeConfig {

    /** Send when the L1 base fee is at or under this (wei). */
    Optional<BigInteger> baseFeeCeilingWei();

    /** Send when the base fee is at or under this percentile (1–100) of the recent blocks'. */
    Optional<Integer> baseFeePercentile();

    /** How many recent blocks the percentile looks at. */
    @WithDefault("50")
    int historyBlocks();

    /** A withdrawal should be sent within this long of becoming ready (e.g. finalized within 24 h). */
    @WithDefault("24h")
    Duration deadline();

    /** This long before the oldest item's deadline, the batch is sent whatever the fee. */
    @WithDefault("1h")
    Duration urgency();
}
