package io.opwb.lifecycle;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import io.opwb.storage.WithdrawalStatus;

/**
 * When the status pass decides a withdrawal again, pure. The pass reads only withdrawals that are
 * due (migration V23): a fact about them arrived (the database marks those), a clock threshold of
 * theirs came, or something all of a chain's decisions share changed ({@link Basis}). Everything
 * else keeps the status, reason and ETA the pass left it with.
 */
public final class RecheckPolicy {

    private RecheckPolicy() {
    }

    /**
     * The L1 time at which the pass decides it again by the clock alone: just after the decision or
     * its estimate would change; {@code overdueRefresh} seconds on when the estimate already moves with
     * the clock (a time it estimated has passed). Always after {@code now}. Null: only a fact changes it
     * (final, skipped and in-flight withdrawals, and those whose decision and estimate wait for a fact).
     *
     * @param decisionHeldThrough {@link StatusRules#decisionHeldThrough}
     * @param eta the estimate it was given, or null
     */
    public static Long dueAt(WithdrawalStatus status, long decisionHeldThrough, EtaPolicy.Timed eta, long now,
            long overdueRefresh) {
        if (status.isInFlight() || status.isFinal()) {
            return null;
        }
        long etaHeld = eta == null || eta.eta() == null ? Long.MAX_VALUE : eta.heldThrough();
        long held = Math.min(decisionHeldThrough, etaHeld);
        if (held == Long.MAX_VALUE) {
            return null;
        }
        if (held < now) {
            return now + Math.max(1, overdueRefresh);
        }
        return held + 1;
    }

    /**
     * What every decision of one chain shares, as far as it tells which withdrawals a change concerns.
     *
     * @param rules the rules' inputs read from the chain and the configuration ({@link #rules})
     * @param bestGameBlock the L2 block the best trusted game covers up to; -1 without one
     * @param etaGames the games the waiting withdrawals' estimates are made from ({@link #etaGames})
     */
    public record Basis(String rules, long bestGameBlock, String etaGames) {
    }

    /**
     * Which withdrawals a change of the basis concerns.
     *
     * @param allOpen every withdrawal not final or in flight (skipped ones included): the rules changed
     * @param coveredAbove with {@code coveredThrough}, the L2 blocks (above, through] a game started or
     *        stopped covering: the withdrawals there that wait for a game or for a proof; none when equal
     * @param estimates the withdrawals estimated from the games (waiting for a game, ready to prove,
     *        needing a new proof): the games their estimates are made from changed
     */
    public record Changes(boolean allOpen, long coveredAbove, long coveredThrough, boolean estimates) {

        public boolean coverage() {
            return coveredThrough > coveredAbove;
        }

        public boolean any() {
            return allOpen || coverage() || estimates;
        }
    }

    /** What changed from the basis of the last pass ({@code before}, null if none was kept) to this one. */
    public static Changes changes(Basis before, Basis now) {
        if (before == null || !before.rules().equals(now.rules())) {
            return new Changes(true, 0, 0, false);
        }
        long low = Math.min(before.bestGameBlock(), now.bestGameBlock());
        long high = Math.max(before.bestGameBlock(), now.bestGameBlock());
        return new Changes(false, low, high, !before.etaGames().equals(now.etaGames()));
    }

    /**
     * The rules' inputs every decision of a chain reads besides its own facts and the games: the
     * portal's clocks and respected game type with its last change (a retirement), our submitter, the
     * gas cap, the selection policy, and the ETAs' clocks.
     */
    public static String rules(StatusRules.Context ctx, EtaPolicy.Clocks clocks, SelectionPolicy selection) {
        return String.join("|", "maturity " + ctx.proofMaturityDelay(), "finality " + ctx.finalityDelay(),
                "respected " + ctx.respectedGameType() + " since " + ctx.respectedGameTypeUpdatedAt(),
                "batcher " + (ctx.batcher() == null ? null : ctx.batcher().toLowerCase()),
                "gas cap " + ctx.maxFinalizeGasLimit(), "one proof " + ctx.oneProofPerWithdrawal(),
                "registry " + ctx.registryRules(), "clock " + clocks.maxClockDuration(), "window " + clocks.window(),
                selection.fingerprint());
    }

    /**
     * The trusted games' part in an estimate ({@link EtaPolicy}): the best one (what it covers, when it was
     * created and resolved) and the last {@value EtaPolicy#INTERVAL_SAMPLE} by index (the proposal interval).
     *
     * @param trusted {@link StatusRules#trustedGames}, the best last
     */
    public static String etaGames(List<StatusRules.Game> trusted) {
        if (trusted.isEmpty()) {
            return "none";
        }
        StatusRules.Game best = trusted.get(trusted.size() - 1);
        String recent = trusted.stream().sorted(Comparator.comparingLong(StatusRules.Game::index))
                .skip(Math.max(0, trusted.size() - EtaPolicy.INTERVAL_SAMPLE))
                .map(g -> g.index() + "@" + g.createdAt() + ":" + g.l2Block()).collect(Collectors.joining(","));
        return "best " + best.index() + "@" + best.createdAt() + ":" + best.l2Block() + " " + best.status() + "/"
                + best.resolvedAt() + "; recent " + recent;
    }
}
