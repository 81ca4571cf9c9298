package io.opwb.devnet;

import java.math.BigInteger;

import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import io.opwb.chain.OutputRootReader;
import io.opwb.chain.SuperRoot;
import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.chain.contracts.StandInAnchorStateRegistry;
import io.opwb.chain.contracts.StandInOptimismPortal2;
import io.opwb.chain.contracts.StandInSuperDisputeGame;

/**
 * Switches a STAND-IN portal ({@code StandInOptimismPortal2}) to super roots the way a chain does it
 * ({@code migrateToSuperRoots}, interop spec): a new {@code StandInAnchorStateRegistry} respecting a super-root game
 * type (its finality delay and SuperchainConfig the old registry's, anchored at the L2's genesis super root), a
 * {@code StandInSuperDisputeGame} implementation of that type built for it on the same real factory, and the portal
 * pointed at that registry with its lockbox kept. Proofs made against the old registry's games stop counting, as on a
 * real chain; games are then made with a {@link SuperRootProposer}.
 */
public final class SuperRootMigration {

    private static final Logger LOG = Logger.getLogger(SuperRootMigration.class);

    /** OP's SUPER_PERMISSIONED_CANNON. */
    public static final BigInteger SUPER_PERMISSIONED_GAME_TYPE = BigInteger.valueOf(5);

    /** What the migration deployed, and its {@code PortalMigrated} transaction. */
    public record Migrated(String anchorStateRegistry, String superGameImpl, BigInteger gameType,
            String disputeGameFactory, TransactionReceipt migration) {
    }

    private SuperRootMigration() {
    }

    /**
     * @param owner the portal's deployer, who is also the factory's owner and the SuperchainConfig's guardian (the
     *        devnet's deployer account is all three)
     * @param l1Rpc the L1 node's anvil calls: L1 time moves on a second at the end, since games of the new registry's
     *        own second are retired
     * @param maxClockDuration the super games' clock
     */
    public static Migrated migrate(DevnetSigner owner, Web3j l2, AnvilRpc l1Rpc, String portal, BigInteger gameType,
            long maxClockDuration) throws Exception {
        var tm = owner.transactionManager();
        var gas = owner.deployGasProvider();
        Web3j l1 = owner.web3j();
        StandInOptimismPortal2 portalAsOwner = StandInOptimismPortal2.load(portal, l1, tm, gas);
        StandInAnchorStateRegistry oldRegistry = StandInAnchorStateRegistry.load(
                portalAsOwner.anchorStateRegistry().send(), l1, tm, gas);
        String superchainConfig = portalAsOwner.superchainConfig().send();
        String factory = oldRegistry.disputeGameFactory().send();

        StandInAnchorStateRegistry registry = StandInAnchorStateRegistry.deploy(l1, tm, gas,
                oldRegistry.disputeGameFinalityDelaySeconds().send()).send();
        String gameImpl = StandInSuperDisputeGame.deploy(l1, tm, gas, gameType, BigInteger.valueOf(maxClockDuration),
                registry.getContractAddress()).send().getContractAddress();
        DisputeGameFactory factoryAsOwner = DisputeGameFactory.load(factory, l1, tm, gas);
        factoryAsOwner.setImplementation(gameType, gameImpl).send();
        factoryAsOwner.setInitBond(gameType, L1Deployer.INIT_BOND).send();

        SuperRoot anchor = genesisSuperRoot(l2, portalAsOwner.l2ChainId().send());
        registry.initialize(superchainConfig, factory, new StandInAnchorStateRegistry.StandInProposal(anchor.hash(),
                BigInteger.valueOf(anchor.timestamp())), gameType).send();
        TransactionReceipt migration = portalAsOwner.migrateToSuperRoots(portalAsOwner.ethLockbox().send(),
                registry.getContractAddress()).send();
        l1Rpc.warp(1);
        LOG.infof("portal %s proves against super roots: StandInAnchorStateRegistry %s respects type %s "
                + "(StandInSuperDisputeGame %s)", portal, registry.getContractAddress(), gameType, gameImpl);
        return new Migrated(registry.getContractAddress(), gameImpl, gameType, factory, migration);
    }

    /**
     * The devnet's own stand-in portal (the ASR era flavour) switched to {@link #SUPER_PERMISSIONED_GAME_TYPE}, with
     * the devnet's clocks, by the deployer.
     */
    public static Migrated migrate(Devnet devnet) throws Exception {
        if (devnet.deployment().flavour() != PortalFlavour.ASR_ERA_STAND_IN) {
            throw new IllegalStateException("only a stand-in portal migrates to super roots, not the "
                    + devnet.deployment().flavour() + " one");
        }
        return migrate(new DevnetSigner(devnet.l1(), DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID),
                devnet.l2(), devnet.l1Rpc(), devnet.deployment().optimismPortal(), SUPER_PERMISSIONED_GAME_TYPE,
                devnet.options().clocks().maxClockDuration());
    }

    private static SuperRoot genesisSuperRoot(Web3j l2, BigInteger l2ChainId) throws Exception {
        long genesisTime = l2.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.ZERO), false).send()
                .getBlock().getTimestamp().longValueExact();
        return SuperRoot.ofOneChain(genesisTime, l2ChainId, new OutputRootReader(l2).at(BigInteger.ZERO).root());
    }
}
