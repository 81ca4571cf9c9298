package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Chain presets: the registry's facts as settings, explicit settings winning, unknown names
 * refused with the known ones listed. (Surefire runs with the devnet turned off, as a real chain.)
 */
class ChainPresetsTest {

    @Test
    void aPresetSetsTheChainIdsAndL1Addresses() {
        SmallRyeConfig config = config(Map.of("opwb.chain.preset", "op-sepolia"));
        assertEquals("11155111", config.getRawValue("opwb.chain.l1.chain-id"));
        assertEquals("11155420", config.getRawValue("opwb.chain.l2.chain-id"));
        assertEquals("0x16Fc5058F25648194471939df75CF27A2fdC48BC", config.getRawValue("opwb.chain.portal-address"));
        assertEquals("0x58Cc85b8D04EA49cC6DBd3CbFFd00B4B8D6cb3ef",
                config.getRawValue("opwb.chain.l1-messenger-address"));
        assertEquals("op-sepolia", config.getRawValue("opwb.chain.name"));
    }

    @Test
    void explicitSettingsWin() {
        SmallRyeConfig config = config(Map.of("opwb.chain.preset", "base", "opwb.chain.portal-address", "0x01",
                "opwb.chain.name", "mine"));
        assertEquals("0x01", config.getRawValue("opwb.chain.portal-address"));
        assertEquals("mine", config.getRawValue("opwb.chain.name"));
        assertEquals("8453", config.getRawValue("opwb.chain.l2.chain-id"));
    }

    @Test
    void noPresetSetsNothing() {
        assertEquals(null, config(Map.of()).getRawValue("opwb.chain.portal-address"));
    }

    @Test
    void anUnknownPresetListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(Map.of("opwb.chain.preset", "op-mainet")));
        assertTrue(e.getMessage().contains("op-mainnet, op-sepolia"), e.getMessage());
    }

    @Test
    void aPresetWithoutNodesOfItsOwnIsRefused() {
        String before = System.getProperty("opwb.devnet.enabled");
        System.setProperty("opwb.devnet.enabled", "true"); // as a plain start: no L1 RPC URL means the devnet
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> config(Map.of("opwb.chain.preset", "base")));
            assertTrue(e.getMessage().contains("OPWB_CHAIN_L1_RPC_URL"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("opwb.devnet.enabled");
            } else {
                System.setProperty("opwb.devnet.enabled", before);
            }
        }
    }

    @Test
    void theFourChainsAndTheirFactories() {
        ChainPresets presets = new ChainPresets();
        assertEquals(java.util.Set.of("op-mainnet", "base", "op-sepolia", "base-sepolia"), presets.names());
        assertEquals("0xe5965Ab5962eDc7477C8520243A95517CD252fA9", presets.disputeGameFactory("op-mainnet"));
        assertEquals("1", presets.settings("base").get("opwb.chain.l1.chain-id"));
    }

    @Test
    void everyPresetLooksBackThirtyDaysRatherThanIndexingFromGenesis() {
        ChainPresets presets = new ChainPresets();
        for (String name : presets.names()) {
            assertEquals("P30D", presets.settings(name).get("opwb.indexing.lookback"), name);
        }
        SmallRyeConfig config = config(Map.of("opwb.chain.preset", "base"));
        assertEquals(java.time.Duration.ofDays(30), config.getValue("opwb.indexing.lookback", java.time.Duration.class));
        SmallRyeConfig explicit = config(Map.of("opwb.chain.preset", "base", "opwb.indexing.lookback", "P90D"));
        assertEquals(java.time.Duration.ofDays(90), explicit.getValue("opwb.indexing.lookback", java.time.Duration.class),
                "an explicit lookback wins");
    }

    @Test
    void theMainnetsExpectedFactsAndHowADifferenceIsWorded() {
        ChainPresets presets = new ChainPresets();
        Map<String, String> op = presets.expectedFacts("op-mainnet");
        assertEquals("8", op.get("respected-game-type"));
        assertEquals("604800", op.get("proof-maturity-delay-seconds"));
        assertEquals("302400", op.get("dispute-game-finality-delay-seconds"));
        Map<String, String> base = presets.expectedFacts("base");
        assertEquals("621", base.get("respected-game-type"));
        assertEquals("86400", base.get("proof-maturity-delay-seconds"));
        assertEquals("0", base.get("dispute-game-finality-delay-seconds"));
        assertEquals("none", base.get("eth-lockbox"));
        assertTrue(presets.expectedFacts("op-sepolia").isEmpty(), "not checked: no expected facts");

        assertEquals(java.util.List.of(), ChainPresets.differences(op, Map.of("respected-game-type", "8",
                "anchor-state-registry", op.get("anchor-state-registry").toLowerCase())), "case of addresses ignored");
        assertEquals(java.util.List.of("respected-game-type is 9 (the preset says 8)"),
                ChainPresets.differences(op, Map.of("respected-game-type", "9", "proof-maturity-delay-seconds", "604800")));
    }

    /** The factory over one properties source at application.properties' ordinal. */
    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new ChainPresetConfigSourceFactory()).build();
    }
}
