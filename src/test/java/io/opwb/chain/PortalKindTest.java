package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.L2OutputOracle;
import io.opwb.chain.contracts.OptimismPortal;
import io.opwb.chain.contracts.Proxy;
import io.opwb.chain.contracts.ProxyAdmin;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.DevnetSigner;

/** The portal's kind, asked of the chain: the devnet's OptimismPortal2, and a legacy OptimismPortal deployed here. */
class PortalKindTest extends DevnetContractTest {

    @Test
    void faultProofAndLegacyPortalsAreToldApartAndAnythingElseIsRefused() throws Exception {
        assertEquals(PortalKind.FAULT_PROOF, PortalKind.detect(devnet.l1(), devnet.deployment().optimismPortal()));
        assertEquals(PortalKind.OUTPUT_ORACLE, PortalKind.detect(devnet.l1(), deployLegacyPortal()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PortalKind.detect(devnet.l1(), DevnetAccounts.otherRelayer().getAddress()));
        assertTrue(e.getMessage().contains("neither"), e.getMessage());
    }

    @Test
    void aPortalOf3xNamesNoAnchorStateRegistry() throws Exception {
        assertEquals(java.util.Optional.empty(), PortalKind.anchorStateRegistry(devnet.l1(),
                devnet.deployment().optimismPortal()));
        assertEquals(java.util.Optional.empty(), PortalKind.anchorStateRegistry(devnet.l1(),
                DevnetAccounts.otherRelayer().getAddress()), "no code: no registry");
    }

    /**
     * A game's L2 block by interface: the devnet's 0.17.3 game answers l2BlockNumber; a contract that
     * answers every call with nothing, and an address without code, answer neither, and are unusable;
     * a super-root type is unusable whatever it answers.
     */
    @Test
    void aGamesPositionIsAskedOfTheGameAndWhatAnswersNeitherIsUnusable() throws Exception {
        DevnetSigner owner = new DevnetSigner(devnet.l1(), DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID);
        var proposed = devnet.proposer().proposeLatest();
        String gameAddress = proposed.address();
        GamePosition real = GamePosition.read(devnet.l1(), gameAddress, 1, new byte[32], DevnetOptions.L2_CHAIN_ID, false);
        assertTrue(real.usable(), String.valueOf(real.unusableReason()));
        assertEquals(proposed.l2BlockNumber().longValueExact(), real.l2Block());

        String silent = io.opwb.chain.contracts.DevnetHostileTarget.deploy(devnet.l1(), owner.transactionManager(),
                owner.deployGasProvider(), BigInteger.valueOf(4), BigInteger.valueOf(100_000), owner.address(),
                owner.address()).send().getContractAddress(); // mode 4: answers every call with nothing
        for (String nothing : new String[] {silent, DevnetAccounts.otherRelayer().getAddress()}) {
            GamePosition position = GamePosition.read(devnet.l1(), nothing, 4242, new byte[32], DevnetOptions.L2_CHAIN_ID, false);
            assertTrue(!position.usable() && position.unusableReason().contains("answers neither"), position.toString());
        }
        GamePosition superRoot = GamePosition.read(devnet.l1(), gameAddress, 9, new byte[32], DevnetOptions.L2_CHAIN_ID, false);
        assertTrue(superRoot.unusableReason().contains("SUPER_CANNON_KONA"), superRoot.toString());
    }

    /** The real legacy OptimismPortal and L2OutputOracle (contracts-bedrock 0.17.3), proxied and initialised. */
    private static String deployLegacyPortal() throws Exception {
        DevnetSigner owner = new DevnetSigner(devnet.l1(), DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID);
        var web3j = owner.web3j();
        var tm = owner.transactionManager();
        var gas = owner.deployGasProvider();
        ProxyAdmin admin = ProxyAdmin.deploy(web3j, tm, gas, owner.address()).send();
        long now = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .longValueExact();
        L2OutputOracle oracleImpl = L2OutputOracle.deploy(web3j, tm, gas).send();
        String oracle = Proxy.deploy(web3j, tm, gas, admin.getContractAddress()).send().getContractAddress();
        admin.upgradeAndCall(oracle, oracleImpl.getContractAddress(), Numeric.hexStringToByteArray(
                oracleImpl.initialize(BigInteger.TEN, BigInteger.ONE, BigInteger.ZERO, BigInteger.valueOf(now),
                        DevnetAccounts.proposer().getAddress(), DevnetAccounts.challenger().getAddress(),
                        BigInteger.valueOf(12)).encodeFunctionCall()), BigInteger.ZERO).send();
        OptimismPortal portalImpl = OptimismPortal.deploy(web3j, tm, gas).send();
        String portal = Proxy.deploy(web3j, tm, gas, admin.getContractAddress()).send().getContractAddress();
        admin.upgradeAndCall(portal, portalImpl.getContractAddress(), Numeric.hexStringToByteArray(
                portalImpl.initialize(oracle, devnet.deployment().systemConfig(), devnet.deployment().superchainConfig())
                        .encodeFunctionCall()), BigInteger.ZERO).send();
        return portal;
    }
}
