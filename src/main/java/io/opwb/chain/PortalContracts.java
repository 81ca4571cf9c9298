package io.opwb.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.web3j.protocol.Web3j;

import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.chain.contracts.L2OutputOracle;
import io.opwb.chain.contracts.OptimismPortal;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.PermissionedDisputeGame;
import io.opwb.chain.contracts.WithdrawalBatcher;

/**
 * Read-only views of the L1 contracts we work with, and the portal's fixed delays (read once).
 * The factory (or, for a legacy portal, the output oracle) is the one the portal names.
 * <p>
 * Both portal kinds look the same from here on: a legacy portal's output proposals are its
 * "games" (of type {@link PortalKind#OUTPUT_PROPOSALS}, resolved when proposed), and its
 * finalization period is both the proof maturity delay and the game finality delay.
 */
public class PortalContracts {

    private final Web3j l1;
    private final OpChainConfig config;
    private volatile PortalKind kind;
    private volatile String factoryAddress;
    private volatile String oracleAddress;
    private volatile java.util.Optional<String> anchorStateRegistry;
    private volatile java.util.Optional<String> ethLockbox;
    /** The portal's last answer to {@code superRootsActive()}, to see a migration; null before the first. */
    private volatile Boolean superRootsActive;
    private volatile BigInteger proofMaturityDelay;
    private volatile BigInteger finalityDelay;
    private final Map<Long, BigInteger> maxClockDurationByGameType = new ConcurrentHashMap<>();

    /** The contracts of one OP chain on L1 (see {@link ChainContext#contracts()}). */
    public PortalContracts(Web3j l1, OpChainConfig config) {
        this.l1 = l1;
        this.config = config;
    }

    public OptimismPortal2 portal() {
        return OptimismPortal2.load(config.portalAddress(), l1, readOnly(), new DefaultGasProvider());
    }

    /** The portal as it was at an L1 block (for reads at the block of an event). */
    public OptimismPortal2 portalAt(BigInteger l1Block) {
        OptimismPortal2 portal = portal();
        portal.setDefaultBlockParameter(DefaultBlockParameter.valueOf(l1Block));
        return portal;
    }

    /** Which portal this chain runs, asked of the chain once. */
    public PortalKind kind() throws java.io.IOException {
        if (kind == null) {
            kind = PortalKind.detect(l1, config.portalAddress());
        }
        return kind;
    }

    public boolean outputOracle() throws java.io.IOException {
        return kind() == PortalKind.OUTPUT_ORACLE;
    }

    /**
     * The AnchorStateRegistry of a 4.x or later OptimismPortal2, asked once: its views decide which
     * games are valid there. Empty on 3.x and legacy portals.
     */
    public java.util.Optional<String> anchorStateRegistry() throws java.io.IOException {
        if (anchorStateRegistry == null) {
            anchorStateRegistry = outputOracle() ? java.util.Optional.empty()
                    : PortalKind.anchorStateRegistry(l1, config.portalAddress());
        }
        return anchorStateRegistry;
    }

    /**
     * Whether the portal proves against super roots (the interop portal after {@code migrateToSuperRoots}), asked
     * each time (a migration is the moment games change kind); false for every portal without that view. A change
     * since the last answer forgets what was asked once ({@link #forgetUpgradeableFacts()}): a migration comes with
     * a new AnchorStateRegistry.
     */
    public boolean superRootsActive() throws java.io.IOException {
        boolean now = !outputOracle() && PortalKind.superRootsActive(l1, config.portalAddress());
        Boolean before = superRootsActive;
        if (before != null && before != now) {
            forgetUpgradeableFacts();
        }
        superRootsActive = now;
        return now;
    }

    /** The ETHLockbox of a 4.x or later portal, asked once; empty when the portal pays ETH itself (Base's 5.2.0). */
    public java.util.Optional<String> ethLockbox() throws java.io.IOException {
        if (ethLockbox == null) {
            ethLockbox = outputOracle() ? java.util.Optional.empty() : PortalKind.ethLockbox(l1, config.portalAddress());
        }
        return ethLockbox;
    }

    /**
     * Whether the ETHLockbox is paused (null when the portal has none, or the lockbox does not say): the
     * portal's {@code paused()} speaks for the system, a lockbox may be paused on its own.
     */
    public Boolean ethLockboxPaused() throws java.io.IOException {
        var lockbox = ethLockbox();
        if (lockbox.isEmpty()) {
            return null;
        }
        var views = io.opwb.chain.contracts.OpETHLockboxViews.load(lockbox.get(), l1, readOnly(), new DefaultGasProvider());
        return ViewCall.answer(l1, lockbox.get(), views.paused()).map(Boolean.TRUE::equals).orElse(null);
    }

    /**
     * Forgets what was asked once (the registry, the lockbox, the delays), so that an upgrade of the
     * portal is seen: called on each full status pass.
     */
    public void forgetUpgradeableFacts() {
        anchorStateRegistry = null;
        ethLockbox = null;
        proofMaturityDelay = null;
        finalityDelay = null;
        maxClockDurationByGameType.clear();
    }

    /** The registry's views (present only with {@link #anchorStateRegistry()}). */
    public io.opwb.chain.contracts.OpAnchorStateRegistryViews registryViews(String registry) {
        return io.opwb.chain.contracts.OpAnchorStateRegistryViews.load(registry, l1, readOnly(), new DefaultGasProvider());
    }

    /** The legacy portal's view (its own getters: {@code provenWithdrawals(hash)}, {@code l2Oracle}). */
    public OptimismPortal legacyPortalAt(BigInteger l1Block) {
        OptimismPortal portal = OptimismPortal.load(config.portalAddress(), l1, readOnly(),
                new DefaultGasProvider());
        portal.setDefaultBlockParameter(DefaultBlockParameter.valueOf(l1Block));
        return portal;
    }

    /** The legacy portal's L2OutputOracle. */
    public String oracleAddress() throws Exception {
        if (oracleAddress == null) {
            oracleAddress = OptimismPortal.load(config.portalAddress(), l1, readOnly(),
                    new DefaultGasProvider()).l2Oracle().send();
        }
        return oracleAddress;
    }

    public L2OutputOracle oracle() throws Exception {
        return L2OutputOracle.load(oracleAddress(), l1, readOnly(), new DefaultGasProvider());
    }

    /** An output proposal as the oracle holds it. */
    public record OutputProposal(byte[] outputRoot, long timestamp, long l2BlockNumber) {
    }

    /**
     * {@code getL2Output(index)}: encoded by the generated wrapper, but decoded here as its three
     * static words, because web3j 4.13's decoder fails on a struct return value ("Invalid class
     * reference provided").
     */
    public OutputProposal outputProposal(BigInteger index) throws Exception {
        String call = oracle().getL2Output(index).encodeFunctionCall();
        var result = l1.ethCall(org.web3j.protocol.core.methods.request.Transaction
                .createEthCallTransaction(config.batcherAddress(), oracleAddress(), call),
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send();
        if (result.hasError() || result.isReverted()) {
            throw new IllegalStateException("getL2Output(" + index + ") failed: "
                    + (result.hasError() ? result.getError().getMessage() : result.getRevertReason()));
        }
        @SuppressWarnings({"rawtypes", "unchecked"})
        List<org.web3j.abi.datatypes.Type> words = org.web3j.abi.FunctionReturnDecoder.decode(result.getValue(),
                (List) List.of(new org.web3j.abi.TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                        new org.web3j.abi.TypeReference<org.web3j.abi.datatypes.generated.Uint128>() { },
                        new org.web3j.abi.TypeReference<org.web3j.abi.datatypes.generated.Uint128>() { }));
        return new OutputProposal((byte[]) words.get(0).getValue(),
                ((BigInteger) words.get(1).getValue()).longValueExact(),
                ((BigInteger) words.get(2).getValue()).longValueExact());
    }

    /** The game type proofs must be made against now; for a legacy portal, output proposals. */
    public long respectedGameType() throws Exception {
        return outputOracle() ? PortalKind.OUTPUT_PROPOSALS : portal().respectedGameType().send().longValueExact();
    }

    /** When the respected game type last changed (older games are void); never, for a legacy portal. */
    public long respectedGameTypeUpdatedAt() throws Exception {
        return outputOracle() ? 0 : portal().respectedGameTypeUpdatedAt().send().longValueExact();
    }

    public String portalAddress() {
        return config.portalAddress();
    }

    public String batcherAddress() {
        return config.batcherAddress();
    }

    /** The portal's super-root proof method, to encode calls to it (simulations of our batcher's). */
    public io.opwb.chain.contracts.OpSuperRootPortal superRootPortal() {
        return io.opwb.chain.contracts.OpSuperRootPortal.load(config.portalAddress(), l1, readOnly(),
                new DefaultGasProvider());
    }

    /** Our batcher, to encode calls to it (they are signed and sent by the transaction manager). */
    public WithdrawalBatcher batcherForEncoding() {
        return WithdrawalBatcher.load(config.batcherAddress(), l1, readOnly(), new DefaultGasProvider());
    }

    public String factoryAddress() throws Exception {
        if (factoryAddress == null) {
            factoryAddress = portal().disputeGameFactory().send();
        }
        return factoryAddress;
    }

    public DisputeGameFactory factory() throws Exception {
        return DisputeGameFactory.load(factoryAddress(), l1, readOnly(), new DefaultGasProvider());
    }

    /** Any fault dispute game: the getters we use are common to all game types. */
    public PermissionedDisputeGame game(String address) {
        return PermissionedDisputeGame.load(address, l1, readOnly(), new DefaultGasProvider());
    }

    public long proofMaturityDelaySeconds() throws Exception {
        if (proofMaturityDelay == null) {
            // The legacy portal: a proof and its output must both age the oracle's finalization period.
            proofMaturityDelay = outputOracle() ? oracle().FINALIZATION_PERIOD_SECONDS().send()
                    : portal().proofMaturityDelaySeconds().send();
        }
        return proofMaturityDelay.longValueExact();
    }

    public long disputeGameFinalityDelaySeconds() throws Exception {
        if (finalityDelay == null) {
            // The legacy portal: the output too must have aged the finalization period since its proposal
            // (a re-proposed output counts from the new proposal).
            var registry = anchorStateRegistry();
            finalityDelay = outputOracle() ? oracle().FINALIZATION_PERIOD_SECONDS().send()
                    : registry.isPresent() ? registryViews(registry.get()).disputeGameFinalityDelaySeconds().send()
                    : portal().disputeGameFinalityDelaySeconds().send();
        }
        return finalityDelay.longValueExact();
    }

    /**
     * How long a game of this type with no moves takes to resolve: its factory implementation's clock.
     * 0 when the factory has no implementation of the type, or it does not say (a respected type set
     * before its games exist, a game kind without that clock): the ETAs then count such a game as
     * resolving at once, and nothing else depends on it. Asked again next time.
     */
    public long maxClockDurationSeconds(long gameType) throws Exception {
        if (gameType == PortalKind.OUTPUT_PROPOSALS) {
            return 0; // an output counts from its proposal
        }
        BigInteger duration = maxClockDurationByGameType.get(gameType);
        if (duration == null) {
            String impl = factory().gameImpls(BigInteger.valueOf(gameType)).send();
            var answer = ViewCall.answer(l1, impl, game(impl).maxClockDuration()); // no code at 0x0: refused
            if (answer.isEmpty() || !(answer.get() instanceof BigInteger clock)) {
                return 0;
            }
            duration = clock;
            maxClockDurationByGameType.put(gameType, duration);
        }
        return duration.longValueExact();
    }

    private ReadonlyTransactionManager readOnly() {
        return new ReadonlyTransactionManager(l1, config.batcherAddress());
    }
}
