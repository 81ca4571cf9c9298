package io.opwb.pipeline;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Manifest mode: instead of operator batches, the service has a manifest signer sign what it will
 * do (a Merkle root of withdrawals, EIP-712) and executes it in chunks through the submitter keys.
 * The batcher contract must list the signer and the submitter keys.
 */
@ConfigMapping(prefix = "opwb.manifest")
public interface ManifestConfig {

    @WithDefault("false")
    boolean enabled();

    /** The most withdrawals one manifest authorises. */
    @WithDefault("400")
    int maxItems();

    /** The most items one chunk (one L1 transaction) carries, besides the gas budget. */
    @WithDefault("50")
    int chunkItems();

    /** How long a manifest stays valid after it is signed. */
    @WithDefault("1h")
    Duration validFor();

    /** No chunk is sent with less than this left before its manifest's deadline (it may wait to be mined). */
    @WithDefault("10m")
    Duration deadlineMargin();
}
