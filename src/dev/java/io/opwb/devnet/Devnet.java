package io.opwb.devnet;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L2ToL1MessagePasser;
import io.opwb.chain.contracts.OptimismPortal2;

/**
 * A local OP Stack devnet: two anvil chains (L1 900, L2 901), the real message passer predeploy on
 * L2 and the real fault-proof contracts on L1, with a proposer, a resolver and a traffic generator.
 * In the legacy flavour ({@link DevnetOptions#outputOraclePortal()}) the service's portal is the
 * legacy {@code OptimismPortal} with an {@code L2OutputOracle}, and an output proposer runs instead. In the
 * ASR era STAND-IN flavour ({@link DevnetOptions#asrEraStandIn()}, {@link AsrEraStandIn}) the portal is OUR
 * stand-in for OptimismPortal2 5.6.1, with stand-ins for the AnchorStateRegistry 3.9.0, the ETHLockbox and the games.
 * Both chains stop on {@link #close()} and when the JVM exits.
 */
public final class Devnet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Devnet.class);
    /** The legacy flavour's L2OutputOracle takes an output every this many L2 blocks. */
    static final long OUTPUT_INTERVAL = 5;

    private final DevnetOptions options;
    private final AnvilNode l1Node;
    private final AnvilNode l2Node;
    private final AnvilRpc l1Rpc;
    private final AnvilRpc l2Rpc;
    private L1Deployment deployment;
    private Proposer proposer;
    private DevnetSigner proposerKey;
    /** Set once the stand-in portal moved to super roots ({@link #migrateToSuperRoots()}): proposes instead. */
    private volatile SuperRootProposer superRootProposer;
    private OutputProposer outputProposer;
    private Resolver resolver;
    private TrafficGenerator traffic;
    private BridgeTraffic bridgeTraffic;
    private MessagePasserFiller filler;
    private DevnetActors actors;
    private final java.util.List<AdditionalChain> additional = new java.util.ArrayList<>();
    /** The names of the additional chains, in order (L2 chain ids 902, 903). */
    static final String[] ADDITIONAL_NAMES = {"l2b", "l2c"};

    private Devnet(DevnetOptions options, AnvilNode l1Node, AnvilNode l2Node) {
        this.options = options;
        this.l1Node = l1Node;
        this.l2Node = l2Node;
        this.l1Rpc = new AnvilRpc(l1Node.rpcUrl());
        this.l2Rpc = new AnvilRpc(l2Node.rpcUrl());
    }

    /** Starts both chains and deploys everything; on any failure both chains are stopped again. */
    public static Devnet start(DevnetOptions options) {
        long started = System.nanoTime();
        AnvilNode l1 = AnvilNode.start(DevnetOptions.L1_CHAIN_ID, 0);
        AnvilNode l2 = null;
        try {
            l2 = AnvilNode.start(DevnetOptions.L2_CHAIN_ID, 0);
            Devnet devnet = new Devnet(options, l1, l2);
            devnet.setUp();
            LOG.infof("devnet up in %d ms: L1 chain %d at %s, L2 chain %d at %s, %s %s",
                    (System.nanoTime() - started) / 1_000_000, l1.chainId(), l1.rpcUrl(), l2.chainId(), l2.rpcUrl(),
                    portalName(options), 
                    devnet.deployment.optimismPortal());
            return devnet;
        } catch (Exception | Error e) {
            l1.close();
            if (l2 != null) {
                l2.close();
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException("devnet did not start", e);
        }
    }

    private static String portalName(DevnetOptions options) {
        return switch (options.flavour()) {
            case OUTPUT_ORACLE -> "legacy OptimismPortal (L2OutputOracle)";
            case ASR_ERA_STAND_IN -> "STAND-IN OptimismPortal2 5.6.1 (" + options.asrEraStandIn().name() + ")";
            case OPTIMISM_PORTAL2 -> "OptimismPortal2";
        };
    }

    /** The L1 contracts of one OP chain in the options' flavour (the legacy portal is added by the caller). */
    static L1Deployment deployL1(L1Deployer deployer, DevnetOptions options, OutputRoot anchor, long l2ChainId,
            AnvilRpc l1Rpc) throws Exception {
        if (options.flavour() == PortalFlavour.ASR_ERA_STAND_IN) {
            return deployer.deployAsrEraStandIn(options.asrEraStandIn(), options.clocks(), anchor, l2ChainId,
                    options.portalFunding(), l1Rpc);
        }
        return deployer.deploy(options.clocks(), anchor, l2ChainId, options.portalFunding());
    }

    private void setUp() throws Exception {
        installMessagePasser(l2(), l2Rpc, l2Node.chainId());
        OutputRoot anchor = new OutputRootReader(l2()).at(BigInteger.ZERO);
        L1Deployer deployer = new L1Deployer(new DevnetSigner(l1(), DevnetAccounts.deployer(), l1Node.chainId()));
        deployment = deployL1(deployer, options, anchor, l2Node.chainId(), l1Rpc);
        if (options.outputOraclePortal()) {
            deployment = deployer.deployOutputOraclePortal(deployment, OUTPUT_INTERVAL,
                    options.clocks().proofMaturityDelay(), options.portalFunding());
        }
        deployment = deployment.withBatcher(
                deployer.deployBatcher(deployment.optimismPortal(), DevnetAccounts.service().getAddress(),
                        DevnetAccounts.secondSubmitter().getAddress(), DevnetAccounts.manifestSigner().getAddress()));
        String[] l1Bridges = deployer.deployBridges(deployment);
        BridgeDeployment bridges = new L2Bridges(new DevnetSigner(l2(), DevnetAccounts.deployer(), l2Node.chainId()),
                l2Rpc).install(l1Bridges);
        // One signer per key and chain: the bridge traffic shares the L2 user's with the traffic generator.
        DevnetSigner l2User = new DevnetSigner(l2(), DevnetAccounts.l2User(), l2Node.chainId());
        bridgeTraffic = new BridgeTraffic(l2User, bridges, new ImpersonatingDepositRelayer(
                new DevnetSigner(l1(), DevnetAccounts.deployer(), l1Node.chainId()), l2(), l2Rpc, bridges));
        proposerKey = new DevnetSigner(l1(), DevnetAccounts.proposer(), l1Node.chainId());
        if (deployment.outputOraclePortal()) {
            outputProposer = new OutputProposer(proposerKey,
                    new DevnetSigner(l1(), DevnetAccounts.challenger(), l1Node.chainId()), l2(), l2Rpc,
                    deployment.l2OutputOracle());
        } else {
            proposer = new Proposer(proposerKey, l2(), deployment);
        }
        resolver = new Resolver(new DevnetSigner(l1(), DevnetAccounts.challenger(), l1Node.chainId()), deployment);
        traffic = new TrafficGenerator(l2User, l2Rpc);
        filler = new MessagePasserFiller(l2(), l2Rpc);
        if (options.fillerSlots() > 0) {
            filler.fill(0, options.fillerSlots());
        }
        for (int i = 0; i < options.additionalChains(); i++) {
            additional.add(AdditionalChain.start(ADDITIONAL_NAMES[i], DevnetOptions.L2_CHAIN_ID + 1 + i, l1(),
                    l1Node.chainId(), options, l1Rpc));
        }
        if (options.l1BlockTimeSeconds() > 0) {
            l1Rpc.setIntervalMining(options.l1BlockTimeSeconds());
        }
    }

    /**
     * Puts the real {@code L2ToL1MessagePasser} runtime code at its predeploy address: deployed once
     * normally, then its runtime code is copied with {@code anvil_setCode}.
     */
    static void installMessagePasser(Web3j l2, AnvilRpc l2Rpc, long l2ChainId) throws Exception {
        DevnetSigner deployer = new DevnetSigner(l2, DevnetAccounts.deployer(), l2ChainId);
        L2ToL1MessagePasser template = L2ToL1MessagePasser.deploy(l2, deployer.transactionManager(),
                deployer.deployGasProvider()).send();
        String code = l2.ethGetCode(template.getContractAddress(), DefaultBlockParameterName.LATEST).send().getCode();
        l2Rpc.setCode(Predeploys.L2_TO_L1_MESSAGE_PASSER, code);
        l2Rpc.mine();
        String version = L2ToL1MessagePasser.load(Predeploys.L2_TO_L1_MESSAGE_PASSER, l2,
                new ReadonlyTransactionManager(l2, deployer.address()), new DefaultGasProvider()).version().send();
        LOG.debugf("L2ToL1MessagePasser %s installed at %s", version, Predeploys.L2_TO_L1_MESSAGE_PASSER);
    }

    /** Runs proposer, resolver and traffic on their own threads until {@link #close()}. */
    public synchronized void startActors(DevnetActors.Cadence cadence) {
        if (actors == null) {
            actors = new DevnetActors(this, cadence);
            actors.start();
        }
    }

    /** What the service needs to find these chains: {@code opwb.chain.*} properties. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("opwb.chain.l1.rpc-url", l1Node.rpcUrl());
        config.put("opwb.chain.l1.chain-id", Long.toString(l1Node.chainId()));
        config.put("opwb.chain.l2.rpc-url", l2Node.rpcUrl());
        config.put("opwb.chain.l2.chain-id", Long.toString(l2Node.chainId()));
        config.put("opwb.chain.portal-address", deployment.optimismPortal());
        config.put("opwb.chain.batcher-address", deployment.withdrawalBatcher());
        config.put("opwb.chain.l1-messenger-address", bridgeTraffic.bridges().l1CrossDomainMessenger());
        if (deployment.asrEra() != null) {
            // Not opwb.chain.*: ChainConfig maps that prefix and would refuse names it does not know. The service
            // finds both from the portal anyway (anchorStateRegistry(), ethLockbox()).
            config.put(ASR_ERA_REGISTRY_KEY, deployment.asrEra().anchorStateRegistry());
            config.put(ASR_ERA_LOCKBOX_KEY, deployment.asrEra().ethLockbox());
        }
        // anvil's well-known account #4: the operator the devnet's WithdrawalBatcher allows.
        config.put("opwb.submission.private-key", DevnetAccounts.SERVICE_KEY);
        // Manifest mode (opwb.manifest.enabled=true): #7 submits too, and the manifest signer #6 stays out of the
        // service: anvil holds its key and signs, as a remote signer would.
        config.put("opwb.submission.additional-private-keys", DevnetAccounts.key(7));
        config.put("opwb.submission.manifest-signer.url", l1Node.rpcUrl());
        config.put("opwb.submission.manifest-signer.address", DevnetAccounts.manifestSigner().getAddress());
        // anvil mines a block per transaction: with confirmations the last withdrawals would wait for more traffic.
        config.put("opwb.indexing.l1-confirmations", "0");
        config.put("opwb.indexing.l2-confirmations", "0");
        // The traffic here is worth nothing (zero-value calls, test tokens, small ETH transfers): the demo and
        // the tests prove and finalize every withdrawal, not only those the real-chain default selects.
        config.put("opwb.selection.min-value-wei", "0");
        additional.forEach(chain -> config.putAll(chain.serviceConfig()));
        return config;
    }

    /**
     * The service's settings with this devnet's L1 anvil as the service's remote transaction signer: anvil holds
     * account #4 unlocked and answers {@code eth_signTransaction} for it, as Web3Signer would, so no key is left in
     * the settings (nor the second submitter's: a remote signer signs for one).
     */
    public Map<String, String> withL1AsRemoteSigner(Map<String, String> config) {
        Map<String, String> changed = new LinkedHashMap<>(config);
        changed.remove("opwb.submission.private-key");
        changed.remove("opwb.submission.additional-private-keys");
        changed.put("opwb.submission.remote-signer.url", l1Node.rpcUrl());
        changed.put("opwb.submission.remote-signer.address", DevnetAccounts.service().getAddress());
        return changed;
    }

    /** {@link #serviceConfig()}'s key for the ASR era stand-in's AnchorStateRegistry (that flavour only). */
    public static final String ASR_ERA_REGISTRY_KEY = "opwb.devnet.anchor-state-registry-address";
    /** {@link #serviceConfig()}'s key for the ASR era stand-in's ETHLockbox (that flavour only). */
    public static final String ASR_ERA_LOCKBOX_KEY = "opwb.devnet.eth-lockbox-address";

    /** Advances L1 time and mines a block at the new time (auto-mining devnets only). */
    public void warpL1(long seconds) {
        l1Rpc.warp(seconds);
    }

    /** A read-only view of the portal, for assertions on the chain's own state. */
    public OptimismPortal2 portalReader() {
        return OptimismPortal2.load(deployment.optimismPortal(), l1(), new ReadonlyTransactionManager(l1(),
                DevnetAccounts.deployer().getAddress()), new DefaultGasProvider());
    }

    public Web3j l1() {
        return l1Node.web3j();
    }

    public Web3j l2() {
        return l2Node.web3j();
    }

    public AnvilRpc l1Rpc() {
        return l1Rpc;
    }

    public AnvilRpc l2Rpc() {
        return l2Rpc;
    }

    public String l1RpcUrl() {
        return l1Node.rpcUrl();
    }

    public String l2RpcUrl() {
        return l2Node.rpcUrl();
    }

    public L1Deployment deployment() {
        return deployment;
    }

    public DevnetOptions options() {
        return options;
    }

    /** The dispute-game proposer; null in the legacy flavour (see {@link #outputProposer()}). */
    public Proposer proposer() {
        return proposer;
    }

    /** The legacy flavour's output proposer; null otherwise. */
    public OutputProposer outputProposer() {
        return outputProposer;
    }

    /**
     * Switches the stand-in portal to super roots ({@link SuperRootMigration#migrate(Devnet)}); from then on
     * {@link #proposeLatest()} (the actors' proposer too) makes single-chain super-root games of the new type, with
     * the proposer's key, at the L2 head's timestamp when no game has it yet.
     */
    public SuperRootMigration.Migrated migrateToSuperRoots() throws Exception {
        SuperRootMigration.Migrated migrated = SuperRootMigration.migrate(this);
        superRootProposer = new SuperRootProposer(proposerKey, l2(), DevnetOptions.L2_CHAIN_ID,
                migrated.disputeGameFactory(), migrated.gameType());
        return migrated;
    }

    /** The super-root proposer after {@link #migrateToSuperRoots()}; null before. */
    public SuperRootProposer superRootProposer() {
        return superRootProposer;
    }

    /** Whichever proposer this flavour has proposes the newest L2 block, on every chain, one after another. */
    public void proposeLatest() throws Exception {
        SuperRootProposer superRoots = superRootProposer;
        if (superRoots != null) {
            superRoots.proposeLatestIfNew();
        } else if (outputProposer != null) {
            outputProposer.proposeLatest();
        } else {
            proposer.proposeLatest();
        }
        for (AdditionalChain chain : additional) {
            chain.proposer().proposeLatest();
        }
    }

    /** Resolves every chain's expired games, one chain after another. */
    public void resolveExpired() throws Exception {
        resolver.resolveExpired();
        for (AdditionalChain chain : additional) {
            chain.resolver().resolveExpired();
        }
    }

    /** The further OP chains on this L1 ({@link DevnetOptions#additionalChains()}). */
    public java.util.List<AdditionalChain> additional() {
        return java.util.List.copyOf(additional);
    }

    public Resolver resolver() {
        return resolver;
    }

    /** Withdrawals through the standard bridge and the messenger; the bridge addresses. */
    public BridgeTraffic bridgeTraffic() {
        return bridgeTraffic;
    }

    public TrafficGenerator traffic() {
        return traffic;
    }

    public MessagePasserFiller filler() {
        return filler;
    }

    /** Process ids of both anvils, so that a test can check they are gone after close. */
    public long[] pids() {
        return java.util.stream.LongStream.concat(java.util.stream.LongStream.of(l1Node.pid(), l2Node.pid()),
                additional.stream().mapToLong(AdditionalChain::pid)).toArray();
    }

    @Override
    public synchronized void close() {
        if (actors != null) {
            actors.stop();
        }
        l1Node.close();
        l2Node.close();
        additional.forEach(AdditionalChain::close);
    }
}
