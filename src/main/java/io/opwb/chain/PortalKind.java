package io.opwb.chain;

import java.io.IOException;

import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.OptimismPortal;
import io.opwb.chain.contracts.OptimismPortal2;

/**
 * Which portal a chain runs, asked of the chain itself: the fault-proof {@code OptimismPortal2}
 * (proofs against dispute games), or the legacy {@code OptimismPortal} that proves against an
 * {@code L2OutputOracle}. The service works with both.
 */
public enum PortalKind {
    FAULT_PROOF, OUTPUT_ORACLE;

    /**
     * The game type under which a legacy portal's output proposals are kept beside dispute games
     * (dispute game types are uint32, so no real type collides with it).
     */
    public static final long OUTPUT_PROPOSALS = -1;

    /**
     * @throws IOException when the node cannot be asked
     * @throws IllegalStateException when the address answers neither as a fault-proof nor as a legacy portal
     */
    public static PortalKind detect(Web3j l1, String portal) throws IOException {
        var readOnly = new ReadonlyTransactionManager(l1, portal);
        if (answers(() -> OptimismPortal2.load(portal, l1, readOnly, new DefaultGasProvider()).disputeGameFactory()
                .send())) {
            return FAULT_PROOF;
        }
        if (answers(() -> OptimismPortal.load(portal, l1, readOnly, new DefaultGasProvider()).l2Oracle().send())) {
            return OUTPUT_ORACLE;
        }
        throw new IllegalStateException(portal + " answers neither as an OptimismPortal2 (disputeGameFactory) nor as "
                + "a legacy OptimismPortal (l2Oracle)");
    }

    /**
     * The AnchorStateRegistry an OptimismPortal2 of 4.x or later names ({@code anchorStateRegistry()}):
     * there the registry decides which games a withdrawal may be proven against and finalized with
     * (respected when created, retirement, blacklist). Empty on 3.x portals, which keep those rules
     * themselves.
     *
     * @throws IOException when the node gives no answer
     */
    public static java.util.Optional<String> anchorStateRegistry(Web3j l1, String portal) throws IOException {
        return addressView(l1, portal, io.opwb.chain.contracts.OpPortalViews::anchorStateRegistry);
    }

    /** The ETHLockbox a 4.x or later portal pays ETH through (its {@code ethLockbox()}); empty when it has none. */
    public static java.util.Optional<String> ethLockbox(Web3j l1, String portal) throws IOException {
        return addressView(l1, portal, io.opwb.chain.contracts.OpPortalViews::ethLockbox);
    }

    /**
     * Whether the portal proves withdrawals against super roots ({@code superRootsActive()}, the interop portal's,
     * true once it ran {@code migrateToSuperRoots}); false when it has no such view (every earlier portal).
     *
     * @throws IOException when the node gives no answer
     */
    public static boolean superRootsActive(Web3j l1, String portal) throws IOException {
        var views = io.opwb.chain.contracts.OpPortalViews.load(portal, l1, new ReadonlyTransactionManager(l1, portal),
                new DefaultGasProvider());
        return ViewCall.answer(l1, portal, views.superRootsActive()).map(Boolean.TRUE::equals).orElse(false);
    }

    /** An address a 4.x+ portal names by a view it may not have; empty when it refuses or names zero. */
    private static java.util.Optional<String> addressView(Web3j l1, String portal,
            java.util.function.Function<io.opwb.chain.contracts.OpPortalViews,
                    org.web3j.protocol.core.RemoteFunctionCall<String>> view) throws IOException {
        var views = io.opwb.chain.contracts.OpPortalViews.load(portal, l1, new ReadonlyTransactionManager(l1, portal),
                new DefaultGasProvider());
        return ViewCall.answer(l1, portal, view.apply(views)).map(String::valueOf)
                .filter(address -> address.length() > 2 && new java.math.BigInteger(address.substring(2), 16).signum() != 0);
    }

    /** Whether the call returned; a revert or an empty answer is "no", a node that cannot be reached an error. */
    private static boolean answers(java.util.concurrent.Callable<?> call) throws IOException {
        try {
            call.call();
            return true;
        } catch (IOException e) {
            throw e;
        } catch (org.web3j.protocol.exceptions.ClientConnectionException e) {
            throw new IOException(e.getMessage(), e); // the node answered HTTP with an error: no answer at all
        } catch (Exception e) {
            return false;
        }
    }
}
