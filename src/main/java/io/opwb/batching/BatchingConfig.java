package io.opwb.batching;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When a batch is submitted. */
@ConfigMapping(prefix = "opwb.batching")
public interface BatchingConfig {

    /** Submit when a batch has this many items. */
    @WithDefault("50")
    int maxItems();

    /** Submit when the oldest ready item has waited this long. */
    @WithDefault("5m")
    Duration maxAge();

    /**
     * Gas one batch transaction may use. L1 caps a transaction at 2^24 = 16,777,216 gas
     * (EIP-7825); the default keeps a margin below it.
     */
    @WithDefault("15000000")
    long gasBudget();

    /**
     * Calldata one batch transaction may carry (bytes). L1 nodes refuse transactions over 128 KiB
     * (131,072 bytes, signature and envelope included: geth's {@code txMaxSize}); the default
     * leaves room for those. Withdrawals with large calldata make batches shorter; one too large
     * for any batch goes alone.
     */
    @WithDefault("128000")
    int maxCalldataBytes();
}
