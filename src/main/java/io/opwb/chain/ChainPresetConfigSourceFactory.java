package io.opwb.chain;

import java.util.List;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * {@code opwb.chain.preset} ({@code OPWB_CHAIN_PRESET}): the named chain's ids and L1 addresses as
 * settings, below application.properties and the environment, so that anything set explicitly
 * wins. A preset names a real chain, so it refuses to stand in while the local devnet would start
 * (no L1 RPC URL given): the devnet's nodes with a real chain's addresses would be neither.
 */
public class ChainPresetConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300), above the devnet (40). */
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue preset = context.getValue("opwb.chain.preset");
        if (preset == null || preset.getValue() == null || preset.getValue().isBlank()) {
            return List.of();
        }
        String name = preset.getValue().trim();
        if (DevnetDefault.applies()) {
            throw new IllegalStateException("opwb.chain.preset=" + name + " names a real chain: also set "
                    + "OPWB_CHAIN_L1_RPC_URL and OPWB_CHAIN_L2_RPC_URL (our own nodes of that chain)");
        }
        return List.of(new MapBackedConfigSource("chain-preset " + name, new ChainPresets().settings(name), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
