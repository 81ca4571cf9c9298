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
        String lookback = presets.getProperty(preset + ".lookback");
        if (lookback != null) {
            settings.put("opwb.indexing.lookback", lookback);
        }
        return settings;
    }

    /**
     * What the preset's sources say the chain answers (respected game type, delays, registry, lockbox),
     * by fact name; empty when they could not be checked. Compared at start, never used instead of the chain.
     */
    public Map<String, String> expectedFacts(String preset) {
        settings(preset); // the name check
        String prefix = preset + ".expected.";
        Map<String, String> facts = new TreeMap<>();
        presets.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> facts.put(k.substring(prefix.length()), presets.getProperty(k)));
        return facts;
    }

    /** The facts where the chain answered otherwise than the preset says, worded for a warning. Pure. */
    public static java.util.List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        java.util.List<String> out = new java.util.ArrayList<>();
        expected.forEach((fact, value) -> {
            String answer = actual.get(fact);
            if (answer != null && !answer.equalsIgnoreCase(value)) {
                out.add(fact + " is " + answer + " (the preset says " + value + ")");
            }
        });
        return out;
    }

    /** The preset's DisputeGameFactory proxy, as the registry lists it. */
    public String disputeGameFactory(String preset) {
        settings(preset); // the name check
        return presets.getProperty(preset + ".dispute-game-factory-address");
    }
}
