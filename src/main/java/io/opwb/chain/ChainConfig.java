package io.opwb.chain;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the chains are: one L1, the primary OP chain ({@code opwb.chain.l2}, {@code portal-address},
 * ...) and any further OP chains on the same L1 ({@code opwb.chain.additional.<name>.*}). With
 * nothing configured, the local devnet provides the L1 and the primary chain
 * (see {@code io.opwb.devnet.DevnetConfigSource}).
 */
@ConfigMapping(prefix = "opwb.chain")
public interface ChainConfig extends OpChainConfig {

    Endpoint l1();

    /** The primary chain's name, as the API and the metrics show it (a preset's name when one is set). */
    @WithDefault("l2")
    String name();

    /**
     * A named chain (op-mainnet, base, op-sepolia, base-sepolia) whose ids and L1 addresses the
     * primary chain takes unless set explicitly: {@link ChainPresetConfigSourceFactory}.
     */
    java.util.Optional<String> preset();

    /** Further OP chains on the same L1, by name; one signer's nonce serves them all. */
    Map<String, OpChainConfig> additional();

    interface Endpoint {
        /** JSON-RPC URL of a node we trust. */
        String rpcUrl();

        /** The chain id the node must report; the service refuses a node on another chain. */
        long chainId();
    }
}
