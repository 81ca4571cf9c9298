package io.opwb.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The main OP Stack chains by name ({@code chain-presets.properties}, facts from the superchain
 * registry, cited there): their L1 and L2 chain ids and L1 addresses, as {@code opwb.chain.*}
 * settings.
 */
public final class ChainPresets {

    /** The preset's keys that are service settings, under {@code opwb.chain.}. */
    private static final String[] SETTINGS = { "l1.chain-id", "l2.chain-id", "portal-address",
            "l1-messenger-address" };

    private final Properties presets = new Properties();

    public ChainPresets() {
        try (InputStream in = ChainPresets.class.getResourceAsStream("/chain-presets.properties")) {
            presets.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        presets.stringPropertyNames().forEach(k -> names.add(k.substring(0, k.indexOf('.'))));
        return names;
    }

    /** The settings a preset stands for, with the chain named after it; an unknown name lists the known ones. */
    public Map<String, String> settings(String preset) {
        if (!names().contains(preset)) {
            throw new IllegalArgumentException("opwb.chain.preset: unknown chain '" + preset + "'; known: "
                    + String.join(", ", names()) + " (any other chain: set its addresses and chain ids)");
        }
        Map<String, String> settings = new TreeMap<>();
        for (String key : SETTINGS) {
            settings.put("opwb.chain." + key, presets.getProperty(preset + "." + key));
        }
        settings.put("opwb.chain.name", preset);
        return settings;
    }

    /** The preset's DisputeGameFactory proxy, as the registry lists it. */
    public String disputeGameFactory(String preset) {
        settings(preset); // the name check
        return presets.getProperty(preset + ".dispute-game-factory-address");
    }
}
