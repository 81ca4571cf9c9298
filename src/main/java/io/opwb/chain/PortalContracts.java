package io.opwb.chain;

import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.PermissionedDisputeGame;
import io.opwb.chain.contracts.WithdrawalBatcher;

/**
 * Read-only views of the L1 contracts we work with, and the portal's fixed delays (read once).
 * The factory is the one the portal names.
 */
@ApplicationScoped
public class PortalContracts {

    private final ChainClients chains;
    private final ChainConfig config;
    private volatile String factoryAddress;
    private volatile BigInteger proofMaturityDelay;
    private volatile BigInteger finalityDelay;
    private final Map<Long, BigInteger> maxClockDurationByGameType = new ConcurrentHashMap<>();

    public PortalContracts(ChainClients chains, ChainConfig config) {
        this.chains = chains;
        this.config = config;
    }

    public OptimismPortal2 portal() {
        return OptimismPortal2.load(config.portalAddress(), chains.l1(), readOnly(), new DefaultGasProvider());
    }

    /** The portal as it was at an L1 block (for reads at the block of an event). */
    public OptimismPortal2 portalAt(BigInteger l1Block) {
        OptimismPortal2 portal = portal();
        portal.setDefaultBlockParameter(DefaultBlockParameter.valueOf(l1Block));
        return portal;
    }

    public String portalAddress() {
        return config.portalAddress();
    }

    public String batcherAddress() {
        return config.batcherAddress();
    }

    /** Our batcher, to encode calls to it (they are signed and sent by the transaction manager). */
    public WithdrawalBatcher batcherForEncoding() {
        return WithdrawalBatcher.load(config.batcherAddress(), chains.l1(), readOnly(), new DefaultGasProvider());
    }

    public String factoryAddress() throws Exception {
        if (factoryAddress == null) {
            factoryAddress = portal().disputeGameFactory().send();
        }
        return factoryAddress;
    }

    public DisputeGameFactory factory() throws Exception {
        return DisputeGameFactory.load(factoryAddress(), chains.l1(), readOnly(), new DefaultGasProvider());
    }

    /** Any fault dispute game: the getters we use are common to all game types. */
    public PermissionedDisputeGame game(String address) {
        return PermissionedDisputeGame.load(address, chains.l1(), readOnly(), new DefaultGasProvider());
    }

    public long proofMaturityDelaySeconds() throws Exception {
        if (proofMaturityDelay == null) {
            proofMaturityDelay = portal().proofMaturityDelaySeconds().send();
        }
        return proofMaturityDelay.longValueExact();
    }

    public long disputeGameFinalityDelaySeconds() throws Exception {
        if (finalityDelay == null) {
            finalityDelay = portal().disputeGameFinalityDelaySeconds().send();
        }
        return finalityDelay.longValueExact();
    }

    /** How long a game of this type with no moves takes to resolve: its factory implementation's clock. */
    public long maxClockDurationSeconds(long gameType) throws Exception {
        BigInteger duration = maxClockDurationByGameType.get(gameType);
        if (duration == null) {
            String impl = factory().gameImpls(BigInteger.valueOf(gameType)).send();
            duration = game(impl).maxClockDuration().send();
            maxClockDurationByGameType.put(gameType, duration);
        }
        return duration.longValueExact();
    }

    private ReadonlyTransactionManager readOnly() {
        return new ReadonlyTransactionManager(chains.l1(), config.batcherAddress());
    }
}
