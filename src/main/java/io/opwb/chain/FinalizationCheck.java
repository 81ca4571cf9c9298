package io.opwb.chain;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.OpAnchorStateRegistryViews;
import io.opwb.chain.contracts.OpPortalViews;

/**
 * The chain's own verdict on finalizing one withdrawal with one submitter's proof: the portal's
 * {@code checkWithdrawal(hash, submitter)} (OptimismPortal2 3.x answers with revert strings, 4.x
 * and later with custom errors), and, where a 4.x+ portal only says that the game's root claim is
 * not valid, the AnchorStateRegistry's views to say why (paused, blacklisted, retired, not
 * respected, not resolved, not final, lost). Whatever the bytes say, the verdict is one of a few
 * kinds; the node's silence is an {@link IOException} and decides nothing.
 */
public final class FinalizationCheck {

    /** What the chain says. */
    public enum Kind {
        /** It would finalize now. */
        PASSES,
        /** Not yet: the proof or the game still has to age or resolve. */
        NOT_YET,
        /** The system (or the registry) is paused: every game is improper until it is unpaused. */
        PAUSED,
        /** This proof can never finalize it (its game blacklisted, retired, not respected, lost; no such proof). */
        VOID,
        /** The portal has finalized it already. */
        FINALIZED,
        /** A refusal we cannot read (a portal of another generation; a view that does not answer). */
        UNRECOGNIZED,
        /** The portal refused with no data at all: it has no such view, so it cannot say. */
        NO_VIEW
    }

    /** What about the game made the verdict, where the registry (or a 3.x portal) named it. */
    public enum GameFact {
        NONE, BLACKLISTED, NOT_RESPECTED
    }

    public record Verdict(Kind kind, String reason, GameFact fact) {

        static Verdict of(Kind kind, String reason) {
            return new Verdict(kind, reason, GameFact.NONE);
        }
    }

    private static final String INVALID_ROOT_CLAIM = RevertReasons.selectorOf("OptimismPortal_InvalidRootClaim()");

    private FinalizationCheck() {
    }

    /** Asks the chain, at its latest block. */
    public static Verdict ask(Web3j l1, PortalContracts contracts, byte[] withdrawalHash, String submitter,
            String game) throws IOException {
        String portal = contracts.portalAddress();
        var views = OpPortalViews.load(portal, l1, new ReadonlyTransactionManager(l1, portal), new DefaultGasProvider());
        CallOutcome outcome = ViewCall.outcome(l1, portal, views.checkWithdrawal(withdrawalHash, submitter)
                .encodeFunctionCall());
        if (!(outcome instanceof CallOutcome.Failed failed)) {
            return Verdict.of(Kind.PASSES, null);
        }
        if (INVALID_ROOT_CLAIM.equals(RevertReasons.selector(failed.revertData()))) {
            Optional<String> registry = contracts.anchorStateRegistry();
            if (registry.isPresent()) {
                return registryVerdict(l1, contracts.registryViews(registry.get()), registry.get(), game);
            }
        }
        return classify(failed.revertData(), failed.reason());
    }

    /**
     * A refusal of {@code checkWithdrawal}, read: by custom error (4.x and later) or by the words of
     * 3.x's revert strings. Pure.
     */
    public static Verdict classify(String revertData, String reason) {
        String selector = RevertReasons.selector(revertData);
        if (selector == null) { // every refusal of a real checkWithdrawal names itself
            boolean noData = revertData == null || revertData.replaceFirst("^0[xX]", "").isBlank();
            return noData ? Verdict.of(Kind.NO_VIEW, "the portal refused checkWithdrawal without a reason (it has no such view)")
                    : Verdict.of(Kind.UNRECOGNIZED, reason);
        }
        String text = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (selector.equals(RevertReasons.selectorOf("OptimismPortal_AlreadyFinalized()"))
                || text.contains("has already been finalized")) {
            return Verdict.of(Kind.FINALIZED, reason);
        }
        if (RevertReasons.isPause(selector)) {
            return Verdict.of(Kind.PAUSED, reason);
        }
        if (selector.equals(RevertReasons.selectorOf("OptimismPortal_ProofNotOldEnough()"))
                || text.contains("has not matured yet") || text.contains("has not been validated")
                || text.contains("in air-gap")) {
            return Verdict.of(Kind.NOT_YET, reason);
        }
        if (text.contains("dispute game has been blacklisted")) {
            return new Verdict(Kind.VOID, reason, GameFact.BLACKLISTED);
        }
        if (selector.equals(RevertReasons.selectorOf("OptimismPortal_Unproven()"))
                || selector.equals(RevertReasons.selectorOf("OptimismPortal_InvalidProofTimestamp()"))
                || selector.equals(RevertReasons.selectorOf("OptimismPortal_ImproperDisputeGame()"))
                || selector.equals(RevertReasons.selectorOf("OptimismPortal_InvalidDisputeGame()"))
                || text.contains("has not been proven") || text.contains("less than dispute game creation")
                || text.contains("invalid game type") || text.contains("created before respected game type")) {
            return Verdict.of(Kind.VOID, reason);
        }
        return Verdict.of(Kind.UNRECOGNIZED, reason);
    }

    /** Why the registry holds the game's claim invalid, in the order its {@code isGameClaimValid} checks. */
    static Verdict registryVerdict(Web3j l1, OpAnchorStateRegistryViews asr, String registry, String game)
            throws IOException {
        if (isTrue(l1, registry, asr.paused())) {
            return Verdict.of(Kind.PAUSED, "the system is paused: the AnchorStateRegistry holds every game improper");
        }
        if (isTrue(l1, registry, asr.isGameBlacklisted(game))) {
            return new Verdict(Kind.VOID, "the AnchorStateRegistry has blacklisted game " + game, GameFact.BLACKLISTED);
        }
        if (isTrue(l1, registry, asr.isGameRetired(game))) {
            return Verdict.of(Kind.VOID, "the AnchorStateRegistry has retired game " + game);
        }
        if (isFalse(l1, registry, asr.isGameRegistered(game))) {
            return Verdict.of(Kind.VOID, "game " + game + " was not made by the registry's factory");
        }
        if (isFalse(l1, registry, asr.isGameRespected(game))) {
            return new Verdict(Kind.VOID, "game " + game + "'s type was not the respected one when it was created",
                    GameFact.NOT_RESPECTED);
        }
        if (isFalse(l1, registry, asr.isGameResolved(game))) {
            return Verdict.of(Kind.NOT_YET, "game " + game + " has not resolved yet");
        }
        if (isFalse(l1, registry, asr.isGameFinalized(game))) {
            return Verdict.of(Kind.NOT_YET, "game " + game + " is not past the registry's finality delay yet");
        }
        if (isFalse(l1, registry, asr.isGameClaimValid(game))) {
            return Verdict.of(Kind.VOID, "game " + game + " did not resolve DEFENDER_WINS");
        }
        return Verdict.of(Kind.UNRECOGNIZED, "the portal says the root claim is invalid, but the AnchorStateRegistry "
                + registry + " holds game " + game + "'s claim valid");
    }

    private static boolean isTrue(Web3j l1, String registry, RemoteFunctionCall<Boolean> view) throws IOException {
        return ViewCall.answer(l1, registry, view).map(Boolean.TRUE::equals).orElse(false);
    }

    private static boolean isFalse(Web3j l1, String registry, RemoteFunctionCall<Boolean> view) throws IOException {
        return ViewCall.answer(l1, registry, view).map(Boolean.FALSE::equals).orElse(false);
    }
}
