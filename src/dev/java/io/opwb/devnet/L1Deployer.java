package io.opwb.devnet;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;

import org.jboss.logging.Logger;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.contracts.AnchorStateRegistry;
import io.opwb.chain.contracts.DelayedWETH;
import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.chain.contracts.L2OutputOracle;
import io.opwb.chain.contracts.MIPS;
import io.opwb.chain.contracts.OptimismPortal;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.PermissionedDisputeGame;
import io.opwb.chain.contracts.PreimageOracle;
import io.opwb.chain.contracts.Proxy;
import io.opwb.chain.contracts.ProxyAdmin;
import io.opwb.chain.contracts.StandInAnchorStateRegistry;
import io.opwb.chain.contracts.StandInETHLockbox;
import io.opwb.chain.contracts.StandInFaultDisputeGame;
import io.opwb.chain.contracts.StandInOptimismPortal2;
import io.opwb.chain.contracts.StandInSequenceDisputeGame;
import io.opwb.chain.contracts.SuperchainConfig;
import io.opwb.chain.contracts.SystemConfig;
import io.opwb.chain.contracts.DevnetERC20;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.L1StandardBridge;
import io.opwb.chain.contracts.WithdrawalBatcher;

/**
 * Deploys the real fault-proof L1 contracts (contracts-bedrock 0.17.3) through proxies, in the
 * order of the verified devnet recipe. Every implementation locks itself in its constructor, so
 * each is initialized through {@code ProxyAdmin.upgradeAndCall}.
 */
final class L1Deployer {

    private static final Logger LOG = Logger.getLogger(L1Deployer.class);
    static final BigInteger GAME_TYPE_PERMISSIONED = BigInteger.ONE;
    static final BigInteger INIT_BOND = Convert.toWei("0.08", Convert.Unit.ETHER).toBigInteger();
    private static final String ZERO = "0x0000000000000000000000000000000000000000";

    private final DevnetSigner owner;
    private final TransactionManager tm;
    private final ContractGasProvider gas;
    private ProxyAdmin proxyAdmin;

    L1Deployer(DevnetSigner owner) {
        this.owner = owner;
        this.tm = owner.transactionManager();
        this.gas = owner.deployGasProvider();
    }

    /**
     * @param anchor output root of L2 block 0: games must claim a later block than the anchor
     * @param l2ChainId the chain the games are about
     * @param portalFunding ETH the portal holds to pay withdrawals out of
     */
    L1Deployment deploy(DevnetClocks clocks, OutputRoot anchor, long l2ChainId, BigInteger portalFunding)
            throws Exception {
        String ownerAddress = owner.address();
        Shared shared = deployShared(ownerAddress);
        String superchainConfig = shared.superchainConfig();
        String factory = shared.factory();
        var startingAnchor = new AnchorStateRegistry.StartingAnchorRoot(GAME_TYPE_PERMISSIONED,
                new AnchorStateRegistry.OutputRoot(anchor.root(), anchor.l2BlockNumber()));
        String anchorStateRegistry = proxied("AnchorStateRegistry",
                AnchorStateRegistry.deploy(owner.web3j(), tm, gas, factory),
                impl -> impl.initialize(List.of(startingAnchor)));
        String delayedWeth = proxied("DelayedWETH",
                DelayedWETH.deploy(owner.web3j(), tm, gas, BigInteger.valueOf(clocks.delayedWethDelay())),
                impl -> impl.initialize(ownerAddress, superchainConfig));

        // Only constructor arguments of the game: a game that is never bisected never calls them.
        String oracle = deployed("PreimageOracle", PreimageOracle.deploy(owner.web3j(), tm, gas,
                BigInteger.valueOf(126_000), BigInteger.valueOf(86_400))).getContractAddress();
        String mips = deployed("MIPS", MIPS.deploy(owner.web3j(), tm, gas, oracle)).getContractAddress();

        byte[] absolutePrestate = Numeric.hexStringToByteArray("0x03" + "ab".repeat(31));
        String gameImpl = deployed("PermissionedDisputeGame", PermissionedDisputeGame.deploy(owner.web3j(), tm, gas,
                GAME_TYPE_PERMISSIONED, absolutePrestate, BigInteger.valueOf(73), BigInteger.valueOf(30),
                BigInteger.valueOf(clocks.clockExtension()), BigInteger.valueOf(clocks.maxClockDuration()), mips,
                delayedWeth, anchorStateRegistry, BigInteger.valueOf(l2ChainId),
                DevnetAccounts.proposer().getAddress(), DevnetAccounts.challenger().getAddress()))
                .getContractAddress();
        DisputeGameFactory factoryAtProxy = DisputeGameFactory.load(factory, owner.web3j(), tm, gas);
        factoryAtProxy.setImplementation(GAME_TYPE_PERMISSIONED, gameImpl).send();
        factoryAtProxy.setInitBond(GAME_TYPE_PERMISSIONED, INIT_BOND).send();

        // SystemConfig needs the portal's address, so the portal proxy exists before its upgrade.
        OptimismPortal2 portalImpl = deployed("OptimismPortal2", OptimismPortal2.deploy(owner.web3j(), tm, gas,
                BigInteger.valueOf(clocks.proofMaturityDelay()), BigInteger.valueOf(clocks.disputeGameFinalityDelay())));
        String portal = deployed("Proxy(OptimismPortal2)", Proxy.deploy(owner.web3j(), tm, gas,
                proxyAdmin.getContractAddress())).getContractAddress();
        String systemConfig = systemConfig(ownerAddress, l2ChainId, factory, portal);
        upgradeAndCall(portal, portalImpl.getContractAddress(),
                portalImpl.initialize(factory, systemConfig, superchainConfig, GAME_TYPE_PERMISSIONED));
        OptimismPortal2.load(portal, owner.web3j(), tm, gas).donateETH(portalFunding).send();

        return new L1Deployment(proxyAdmin.getContractAddress(), superchainConfig, factory, anchorStateRegistry,
                delayedWeth, oracle, mips, gameImpl, systemConfig, portal, portalImpl.getContractAddress(),
                GAME_TYPE_PERMISSIONED.longValueExact(), null, null);
    }

    /**
     * The ASR era STAND-IN flavour (see {@link AsrEraStandIn}): the real 0.17.3 SuperchainConfig and DisputeGameFactory
     * behind proxies as in {@link #deploy}, then OUR stand-ins: {@code StandInAnchorStateRegistry} (finality delay from
     * the clocks, anchored at {@code anchor}), the stand-in game of the respected type registered on the factory
     * ({@code setImplementation}, {@code setInitBond} as in {@link #deploy}; its clock is {@code maxClockDuration}),
     * {@code StandInETHLockbox} (holds {@code portalFunding}, the portal authorised) and {@code StandInOptimismPortal2}
     * (proof maturity from the clocks; {@code initialize(superchainConfig, registry, lockbox, l2ChainId)}). A real
     * 0.17.3 SystemConfig naming the stand-in portal is there for the messenger and the standard bridge only.
     * <p>
     * With a switch ({@link AsrEraStandIn#switchesGameType()}) the registry starts with the previous type respected, one
     * game of it is made for the anchor block, and the guardian (the deployer) then respects the new type and retires
     * every game made so far. L1 time moves on a second at the end: games made in the registry's retirement second are
     * retired.
     *
     * @param l1Rpc the L1 node's anvil calls (the clock is moved on; the L1 must auto-mine)
     */
    L1Deployment deployAsrEraStandIn(AsrEraStandIn era, DevnetClocks clocks, OutputRoot anchor, long l2ChainId,
            BigInteger portalFunding, AnvilRpc l1Rpc) throws Exception {
        String ownerAddress = owner.address();
        Shared shared = deployShared(ownerAddress);
        String superchainConfig = shared.superchainConfig();
        String factory = shared.factory();

        StandInAnchorStateRegistry registry = deployed("StandInAnchorStateRegistry",
                StandInAnchorStateRegistry.deploy(owner.web3j(), tm, gas,
                        BigInteger.valueOf(clocks.disputeGameFinalityDelay())));
        BigInteger respectedType = BigInteger.valueOf(era.respectedGameType());
        BigInteger startingType = era.switchesGameType() ? BigInteger.valueOf(era.previousGameType()) : respectedType;
        registry.initialize(superchainConfig, factory,
                new StandInAnchorStateRegistry.StandInProposal(anchor.root(), anchor.l2BlockNumber()), startingType)
                .send();
        String asr = registry.getContractAddress();

        BigInteger maxClock = BigInteger.valueOf(clocks.maxClockDuration());
        String gameImpl = switch (era.game()) {
            case FAULT -> deployed("StandInFaultDisputeGame", StandInFaultDisputeGame.deploy(owner.web3j(), tm, gas,
                    respectedType, maxClock, asr)).getContractAddress();
            case SEQUENCE -> deployed("StandInSequenceDisputeGame", StandInSequenceDisputeGame.deploy(owner.web3j(), tm,
                    gas, respectedType, maxClock, asr)).getContractAddress();
        };
        DisputeGameFactory factoryAtProxy = DisputeGameFactory.load(factory, owner.web3j(), tm, gas);
        factoryAtProxy.setImplementation(respectedType, gameImpl).send();
        factoryAtProxy.setInitBond(respectedType, INIT_BOND).send();

        StandInETHLockbox lockbox = deployed("StandInETHLockbox",
                StandInETHLockbox.deploy(owner.web3j(), tm, gas, superchainConfig));
        StandInOptimismPortal2 portal = deployed("StandInOptimismPortal2", StandInOptimismPortal2.deploy(owner.web3j(),
                tm, gas, BigInteger.valueOf(clocks.proofMaturityDelay())));
        portal.initialize(superchainConfig, asr, lockbox.getContractAddress(), BigInteger.valueOf(l2ChainId)).send();
        lockbox.authorizePortal(portal.getContractAddress()).send();
        lockbox.fund(portalFunding).send();
        String systemConfig = systemConfig(ownerAddress, l2ChainId, factory, portal.getContractAddress());

        String previousImpl = null;
        String retiredGame = null;
        if (era.switchesGameType()) {
            previousImpl = deployed("StandInFaultDisputeGame(previous type)", StandInFaultDisputeGame.deploy(
                    owner.web3j(), tm, gas, startingType, maxClock, asr)).getContractAddress();
            factoryAtProxy.setImplementation(startingType, previousImpl).send();
            factoryAtProxy.setInitBond(startingType, INIT_BOND).send();
            l1Rpc.warp(1); // out of the registry's own (retired) second
            factoryAtProxy.create(startingType, anchor.root(),
                    Numeric.toBytesPadded(anchor.l2BlockNumber(), 32), INIT_BOND).send();
            retiredGame = factoryAtProxy.gameAtIndex(factoryAtProxy.gameCount().send().subtract(BigInteger.ONE))
                    .send().component3();
            registry.setRespectedGameType(respectedType).send();
            registry.updateRetirementTimestamp().send();
        }
        l1Rpc.warp(1); // games made from now on are after the retirement timestamp
        LOG.infof("ASR era STAND-IN (%s): StandInOptimismPortal2 %s, StandInAnchorStateRegistry %s (respected type %s%s), "
                + "StandInETHLockbox %s", era.name(), portal.getContractAddress(), asr, respectedType,
                era.switchesGameType() ? ", switched from " + startingType + ", game " + retiredGame + " retired" : "",
                lockbox.getContractAddress());
        return new L1Deployment(proxyAdmin.getContractAddress(), superchainConfig, factory, asr, null, null, null, null,
                systemConfig, portal.getContractAddress(), portal.getContractAddress(), era.respectedGameType(), null,
                null, new AsrEraContracts(era.name(), asr, lockbox.getContractAddress(), gameImpl, previousImpl,
                        retiredGame));
    }

    /**
     * The legacy flavour: an {@code L2OutputOracle} (outputs every {@code submissionInterval} L2
     * blocks, by the proposer; the challenger may delete them) and the legacy {@code OptimismPortal}
     * proving against it, beside the fault-proof contracts and sharing their configs.
     *
     * @param finalizationPeriod how long a proof and its output must age before finalization
     */
    L1Deployment deployOutputOraclePortal(L1Deployment l1, long submissionInterval, long finalizationPeriod,
            BigInteger portalFunding) throws Exception {
        // L2 timestamps count from 1 s per block since 1970: any L2 block is "in the past" for the oracle.
        String oracle = proxied("L2OutputOracle", L2OutputOracle.deploy(owner.web3j(), tm, gas),
                impl -> impl.initialize(BigInteger.valueOf(submissionInterval), BigInteger.ONE, BigInteger.ZERO,
                        BigInteger.ONE, DevnetAccounts.proposer().getAddress(), DevnetAccounts.challenger().getAddress(),
                        BigInteger.valueOf(finalizationPeriod)));
        OptimismPortal portalImpl = deployed("OptimismPortal", OptimismPortal.deploy(owner.web3j(), tm, gas));
        String portal = deployed("Proxy(OptimismPortal)", Proxy.deploy(owner.web3j(), tm, gas,
                proxyAdmin.getContractAddress())).getContractAddress();
        upgradeAndCall(portal, portalImpl.getContractAddress(),
                portalImpl.initialize(oracle, l1.systemConfig(), l1.superchainConfig()));
        OptimismPortal.load(portal, owner.web3j(), tm, gas).donateETH(portalFunding).send();
        return l1.withOutputOraclePortal(portal, portalImpl.getContractAddress(), oracle);
    }

    /**
     * Our periphery contract, owned by the deployer, with {@code operator} allowed to submit batches;
     * for manifest mode, the operator and {@code secondSubmitter} may execute manifests signed by
     * {@code manifestSigner}.
     */
    String deployBatcher(String portal, String operator, String secondSubmitter, String manifestSigner)
            throws Exception {
        WithdrawalBatcher batcher = deployed("WithdrawalBatcher",
                WithdrawalBatcher.deploy(owner.web3j(), tm, gas, portal, owner.address()));
        batcher.setOperator(operator, true).send();
        batcher.setSubmitter(operator, true).send();
        batcher.setSubmitter(secondSubmitter, true).send();
        batcher.setManifestSigner(manifestSigner, true).send();
        return batcher.getContractAddress();
    }

    /**
     * The L1 messenger and standard bridge, proxied and initialised as on a real chain (their L2
     * peers are the predeploys), and the L1 side of a bridged token.
     */
    String[] deployBridges(L1Deployment l1) throws Exception {
        String messenger = proxied("L1CrossDomainMessenger", L1CrossDomainMessenger.deploy(owner.web3j(), tm, gas),
                impl -> impl.initialize(l1.superchainConfig(), l1.optimismPortal(), l1.systemConfig()));
        String bridge = proxied("L1StandardBridge", L1StandardBridge.deploy(owner.web3j(), tm, gas),
                impl -> impl.initialize(messenger, l1.superchainConfig(), l1.systemConfig()));
        String token = deployed("DevnetERC20", DevnetERC20.deploy(owner.web3j(), tm, gas, "Devnet Token", "DVT"))
                .getContractAddress();
        return new String[] {messenger, bridge, token};
    }

    /** 0xff00…00 followed by the chain id's decimal digits, as OP chains name their batch inbox. */
    static String batchInbox(long l2ChainId) {
        String id = Long.toString(l2ChainId);
        return "0xff" + "0".repeat(38 - id.length()) + id;
    }

    /** What both portal flavours stand on: the ProxyAdmin, and the real SuperchainConfig and factory behind it. */
    private record Shared(String superchainConfig, String factory) {
    }

    private Shared deployShared(String ownerAddress) throws Exception {
        proxyAdmin = deployed("ProxyAdmin", ProxyAdmin.deploy(owner.web3j(), tm, gas, ownerAddress));
        String superchainConfig = proxied("SuperchainConfig", SuperchainConfig.deploy(owner.web3j(), tm, gas),
                impl -> impl.initialize(ownerAddress, false));
        String factory = proxied("DisputeGameFactory", DisputeGameFactory.deploy(owner.web3j(), tm, gas),
                impl -> impl.initialize(ownerAddress));
        return new Shared(superchainConfig, factory);
    }

    /** A real 0.17.3 SystemConfig (the messenger and the bridge read it) naming this factory and portal. */
    private String systemConfig(String ownerAddress, long l2ChainId, String factory, String portal) throws Exception {
        return proxied("SystemConfig", SystemConfig.deploy(owner.web3j(), tm, gas),
                impl -> impl.initialize(ownerAddress, BigInteger.valueOf(1368), BigInteger.valueOf(810_949),
                        Numeric.toBytesPadded(Numeric.toBigInt(ownerAddress), 32), BigInteger.valueOf(30_000_000),
                        ownerAddress,
                        new SystemConfig.ResourceConfig(BigInteger.valueOf(20_000_000), BigInteger.TEN,
                                BigInteger.valueOf(8), BigInteger.valueOf(1_000_000_000),
                                BigInteger.valueOf(1_000_000), BigInteger.TWO.pow(128).subtract(BigInteger.ONE)),
                        batchInbox(l2ChainId),
                        new SystemConfig.Addresses(ZERO, ZERO, ZERO, factory, portal, ZERO, ZERO)));
    }

    private <T extends Contract> T deployed(String name, RemoteCall<T> deployment) throws Exception {
        T contract = deployment.send();
        LOG.debugf("deployed %-24s %s", name, contract.getContractAddress());
        return contract;
    }

    /** Implementation, then {@code Proxy(admin = ProxyAdmin)}, then upgradeAndCall(initialize). */
    private <T extends Contract> String proxied(String name, RemoteCall<T> implementation,
            Function<T, RemoteFunctionCall<?>> initialize) throws Exception {
        T impl = deployed(name, implementation);
        String proxy = deployed("Proxy(" + name + ")",
                Proxy.deploy(owner.web3j(), tm, gas, proxyAdmin.getContractAddress())).getContractAddress();
        upgradeAndCall(proxy, impl.getContractAddress(), initialize.apply(impl));
        return proxy;
    }

    private void upgradeAndCall(String proxy, String implementation, RemoteFunctionCall<?> initialize)
            throws Exception {
        proxyAdmin.upgradeAndCall(proxy, implementation, Numeric.hexStringToByteArray(initialize.encodeFunctionCall()),
                BigInteger.ZERO).send();
    }
}
