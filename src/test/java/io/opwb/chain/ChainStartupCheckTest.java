package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The start-up check against the devnet's real contracts: what passes, and the clear refusals. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class ChainStartupCheckTest {

    @Inject
    ChainClients clients;

    @Inject
    Chains chains;

    @Test
    void theDevnetsPortalAndNodesPass() throws Exception {
        ChainContext chain = chains.primary();
        String found = ChainStartupCheck.checkContracts(clients.l1Probe(), "l2", chain.config(),
                Optional.of(chain.contracts().factoryAddress()), " (preset test)");
        assertTrue(found.startsWith("OptimismPortal2 "), found);
        assertTrue(found.contains("respected game type"), found);
        assertDoesNotThrow(() -> ChainStartupCheck.checkChainId(chain.l2(), "L2", "opwb.chain.l2.chain-id",
                chain.id(), ""));
    }

    @Test
    void aChainThatMovedOnFromItsPresetIsAWarningNotARefusal() throws Exception {
        // The devnet (3.10.0, type 1, demo delays) against what OP Mainnet answered: every difference named.
        var differences = ChainStartupCheck.checkPresetFacts(chains.primary(), "op-mainnet");
        assertTrue(differences.contains("respected-game-type is " + chains.primary().contracts().respectedGameType()
                + " (the preset says 8)"), differences.toString());
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("anchor-state-registry is none")), differences.toString());
        assertTrue(ChainStartupCheck.checkPresetFacts(chains.primary(), "op-sepolia").isEmpty(), "no facts to compare");
    }

    @Test
    void aContractThatIsNoPortalIsRefused() {
        String messenger = chains.primary().config().l1MessengerAddress().orElseThrow();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChainStartupCheck.checkContracts(
                clients.l1Probe(), "l2", withPortal(messenger), Optional.empty(), ""));
        assertTrue(e.getMessage().contains("the portal address " + messenger), e.getMessage());
        assertTrue(e.getMessage().contains("does not behave like an OP Stack portal"), e.getMessage());
    }

    @Test
    void anAddressWithoutCodeIsRefused() {
        String nobody = "0x00000000000000000000000000000000000c0ffe";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChainStartupCheck.checkContracts(
                clients.l1Probe(), "l2", withPortal(nobody), Optional.empty(), " (preset op-sepolia)"));
        assertTrue(e.getMessage().contains("has no code on L1"), e.getMessage());
        assertTrue(e.getMessage().contains("preset op-sepolia"), e.getMessage());
    }

    @Test
    void aPortalWithAnotherFactoryThanThePresetsIsRefused() {
        String presetFactory = new ChainPresets().disputeGameFactory("op-sepolia");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChainStartupCheck.checkContracts(
                clients.l1Probe(), "l2", chains.primary().config(), Optional.of(presetFactory), " (preset op-sepolia)"));
        assertTrue(e.getMessage().contains("not the preset's " + presetFactory), e.getMessage());
    }

    @Test
    void aNodeOnAnotherChainIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChainStartupCheck.checkChainId(
                chains.primary().l2(), "L2 l2", "opwb.chain.l2.chain-id", 11155420, " (preset op-sepolia)"));
        assertTrue(e.getMessage().contains("is on chain " + chains.primary().id()), e.getMessage());
        assertTrue(e.getMessage().contains("opwb.chain.l2.chain-id is 11155420 (preset op-sepolia)"), e.getMessage());
    }

    @Test
    void aBatcherOfAnotherPortalIsRefused() {
        // The portal itself as "batcher": it has code but answers no portal().
        String portal = chains.primary().config().portalAddress();
        OpChainConfig config = override(chains.primary().config(), "batcherAddress", portal);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChainStartupCheck.checkContracts(
                clients.l1Probe(), "l2", config, Optional.empty(), ""));
        assertTrue(e.getMessage().contains("not our WithdrawalBatcher"), e.getMessage());
    }

    private OpChainConfig withPortal(String portal) {
        return override(chains.primary().config(), "portalAddress", portal);
    }

    private static OpChainConfig override(OpChainConfig real, String method, String value) {
        return (OpChainConfig) Proxy.newProxyInstance(OpChainConfig.class.getClassLoader(),
                new Class<?>[] { OpChainConfig.class },
                (proxy, m, args) -> m.getName().equals(method) ? value : m.invoke(real, args));
    }
}
