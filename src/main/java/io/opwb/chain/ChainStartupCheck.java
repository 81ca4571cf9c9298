package io.opwb.chain;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.quarkus.runtime.StartupEvent;

/**
 * At start, asks the chains whether they are what the settings say: each node's chain id, and that
 * each portal address behaves like an OP Stack portal (its {@code version()}, its respected game
 * type and its dispute game factory, which must be the preset's). A mismatch stops the start with
 * what to fix. A node that cannot be reached only warns: readiness reports it, and a passing
 * outage must not turn into a crash loop. Only replicas that act on the chains check: the api role
 * never sends, and its start must not wait for a node.
 */
@ApplicationScoped
public class ChainStartupCheck {

    private static final Logger LOG = Logger.getLogger(ChainStartupCheck.class);

    void onStart(@Observes StartupEvent event, ChainConfig config, ChainClients clients, Chains chains, ChainUse use) {
        if (!use.actsOnChains()) {
            // The api role serves from its database: its start (a cold start on Knative) waits for no node.
            LOG.info("chains not checked at start: this replica serves from its database only (the worker checks them)");
            return;
        }
        try {
            check(config, clients, chains);
        } catch (IllegalStateException e) {
            // Without a cause, Quarkus prints just this line: what to fix, no stack trace.
            throw new io.quarkus.runtime.configuration.ConfigurationException("refusing to start: " + e.getMessage());
        }
    }

    private static void check(ChainConfig config, ChainClients clients, Chains chains) {
        Optional<String> factory = config.preset().map(p -> new ChainPresets().disputeGameFactory(p));
        String source = config.preset().map(p -> " (preset " + p + ")").orElse("");
        if (reachable("L1", () -> checkChainId(clients.l1Probe(), "L1", "opwb.chain.l1.chain-id",
                config.l1().chainId(), source))) {
            for (ChainContext chain : chains.all()) {
                reachable("L1", () -> checkContracts(clients.l1Probe(), chain.name(), chain.config(),
                        chain == chains.primary() ? factory : Optional.empty(), source));
            }
            config.preset().ifPresent(preset -> reachable("L1", () -> checkPresetFacts(chains.primary(), preset)));
        }
        for (ChainContext chain : chains.all()) {
            String setting = chain == chains.primary() ? "opwb.chain.l2.chain-id"
                    : "opwb.chain.additional." + chain.name() + ".l2.chain-id";
            reachable("L2 " + chain.name(), () -> checkChainId(chain.l2Probe(), "L2 " + chain.name(), setting,
                    chain.id(), chain == chains.primary() ? source : ""));
        }
    }

    /** The node's chain id must be the configured one. */
    public static void checkChainId(Web3j node, String which, String setting, long expected, String source)
            throws IOException {
        long actual = node.ethChainId().send().getChainId().longValueExact();
        if (actual != expected) {
            throw new IllegalStateException("the " + which + " RPC node is on chain " + actual + ", but " + setting
                    + " is " + expected + source + ": point the RPC URL at a node of that chain, or fix the chain id");
        }
        LOG.infof("%s node: chain %d", which, actual);
    }

    /**
     * The portal answers as an OP Stack portal (fault-proof or legacy), its factory is the expected
     * one, and a deployed batcher serves that portal. Returns what was found, for the log.
     */
    public static String checkContracts(Web3j l1, String chainName, OpChainConfig chain, Optional<String> factory,
            String source) throws IOException {
        String portal = chain.portalAddress();
        String notAPortal = chainName + ": the portal address " + portal + source;
        if (!hasCode(l1, portal)) {
            throw new IllegalStateException(notAPortal + " has no code on L1: not an OptimismPortal proxy "
                    + "(check opwb.chain.portal-address or the preset)");
        }
        PortalKind kind;
        String version;
        String found;
        try {
            kind = PortalKind.detect(l1, portal);
            var readOnly = new ReadonlyTransactionManager(l1, portal);
            OptimismPortal2 view = OptimismPortal2.load(portal, l1, readOnly, new DefaultGasProvider());
            version = view.version().send();
            if (kind == PortalKind.FAULT_PROOF) {
                String actualFactory = view.disputeGameFactory().send();
                long gameType = view.respectedGameType().send().longValueExact();
                if (factory.isPresent() && !factory.get().equalsIgnoreCase(actualFactory)) {
                    throw new IllegalStateException(notAPortal + " names dispute game factory " + actualFactory
                            + ", not the preset's " + factory.get() + ": wrong portal address, or the chain has "
                            + "moved on from the preset (set the addresses explicitly)");
                }
                found = "OptimismPortal2 " + version + ", respected game type " + gameType + ", factory "
                        + actualFactory + PortalKind.anchorStateRegistry(l1, portal)
                                .map(registry -> ", AnchorStateRegistry " + registry + " (its views decide which games "
                                        + "are valid)").orElse("");
            } else {
                found = "legacy OptimismPortal " + version;
            }
        } catch (IllegalStateException e) {
            throw e.getMessage().startsWith(chainName) ? e
                    : new IllegalStateException(notAPortal + " does not behave like an OP Stack portal: "
                            + e.getMessage(), e);
        } catch (Exception e) {
            if (noAnswer(e)) {
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            throw new IllegalStateException(notAPortal + " does not behave like an OP Stack portal (version(), "
                    + "respectedGameType(), disputeGameFactory()): " + e.getMessage(), e);
        }
        LOG.infof("%s: portal %s is %s; batcher %s", chainName, portal, found, checkBatcher(l1, chainName, chain));
        return found;
    }

    /**
     * The chain's answers against what the preset's sources said (respected game type, delays,
     * registry, lockbox): a difference is a warning, not a refusal, because chains move on and the
     * service asks the chain for all of them anyway.
     */
    public static java.util.List<String> checkPresetFacts(ChainContext chain, String preset) throws IOException {
        java.util.Map<String, String> expected = new ChainPresets().expectedFacts(preset);
        if (expected.isEmpty()) {
            return java.util.List.of();
        }
        PortalContracts contracts = chain.contracts();
        java.util.Map<String, String> actual = new java.util.TreeMap<>();
        try {
            actual.put("respected-game-type", Long.toString(contracts.respectedGameType()));
            actual.put("proof-maturity-delay-seconds", Long.toString(contracts.proofMaturityDelaySeconds()));
            actual.put("dispute-game-finality-delay-seconds", Long.toString(contracts.disputeGameFinalityDelaySeconds()));
            actual.put("anchor-state-registry", contracts.anchorStateRegistry().orElse("none"));
            actual.put("eth-lockbox", contracts.ethLockbox().orElse("none"));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            if (noAnswer(e)) {
                throw new IOException(e.getMessage(), e);
            }
            LOG.warnf("%s: could not compare the chain with the preset %s: %s", chain.name(), preset, e.getMessage());
            return java.util.List.of();
        }
        java.util.List<String> differences = ChainPresets.differences(expected, actual);
        if (differences.isEmpty()) {
            LOG.infof("%s: the chain answers as the preset %s says: %s", chain.name(), preset, actual);
        } else {
            LOG.warnf("%s: the chain has moved on from the preset %s: %s; the service follows the chain's answers",
                    chain.name(), preset, String.join("; ", differences));
        }
        return differences;
    }

    /** Our batcher, if one is deployed, must serve the configured portal. */
    private static String checkBatcher(Web3j l1, String chainName, OpChainConfig chain) throws IOException {
        String batcher = chain.batcherAddress();
        if (!hasCode(l1, batcher)) {
            LOG.warnf("%s: no contract at the batcher address %s yet: nothing can be sent until one is deployed "
                    + "(the deploy-batcher command)", chainName, batcher);
            return batcher + " (not deployed)";
        }
        String served;
        try {
            served = WithdrawalBatcher.load(batcher, l1, new ReadonlyTransactionManager(l1, batcher),
                    new DefaultGasProvider()).portal().send();
        } catch (Exception e) {
            throw new IllegalStateException(chainName + ": the batcher address " + batcher
                    + " does not answer portal(): not our WithdrawalBatcher", e);
        }
        if (!served.equalsIgnoreCase(chain.portalAddress())) {
            throw new IllegalStateException(chainName + ": the batcher " + batcher + " serves portal " + served
                    + ", not " + chain.portalAddress() + " (deploy one for this portal: deploy-batcher)");
        }
        return batcher;
    }

    /** The node did not answer (transport, HTTP error, rate limit, timeout), as opposed to a call that reverted. */
    private static boolean noAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof org.web3j.protocol.exceptions.ClientConnectionException) {
                return true;
            }
        }
        return RpcErrorKind.of(e).isTransient();
    }

    /** Whether a contract is deployed at the address (at the L1 head). */
    public static boolean hasCode(Web3j l1, String address) throws IOException {
        String code = l1.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        return code != null && code.length() > 2;
    }

    @FunctionalInterface
    private interface Check {
        void run() throws IOException;
    }

    /**
     * Runs a check, twice more if the node does not answer; a node that still does not is a warning
     * (readiness will say so), anything else stops the start.
     */
    private static boolean reachable(String which, Check check) {
        for (int attempt = 1;; attempt++) {
            try {
                check.run();
                return true;
            } catch (IOException | org.web3j.protocol.exceptions.ClientConnectionException e) {
                if (attempt == 3) {
                    LOG.warnf("could not check the %s node at start (%s): %s; readiness reports it", which,
                            RpcErrorKind.of(e), e.getMessage());
                    return false;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
