package io.opwb.lifecycle;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

import io.opwb.storage.WithdrawalStatus;

/**
 * When a withdrawal can be proven and finalized, pure: from its proof (if any), the trusted games
 * and the portal's clocks, in L1 seconds. Uses the comparisons of {@link StatusRules}: a proof must
 * be newer than its game's creation second, and a withdrawal is ready to finalize only once L1 time
 * is past both proof maturity and game resolution plus the finality delay.
 */
public final class EtaPolicy {

    /** Games the next proposal is estimated from. */
    static final int INTERVAL_SAMPLE = 10;

    /**
     * L1 timestamps (seconds), null when unknown or not applicable. The "by" times add our batch
     * window to the earliest possible time, and are never in the past.
     */
    public record Eta(Long provableAt, Long provenBy, Long finalizableAt, Long finalizedBy, String basis) {
    }

    /**
     * @param maxClockDuration a game of the respected type with no moves resolves this long after
     *        its creation
     * @param window our batch window: the longest a ready withdrawal waits for its batch
     */
    public record Clocks(long proofMaturityDelay, long finalityDelay, long maxClockDuration, long window) {
    }

    private EtaPolicy() {
    }

    /**
     * @param proof the proof it will be finalized with ({@link StatusRules#finalizingProof}), or null
     * @param proofGame that proof's game, or null
     * @param trusted the games it may be proven against ({@link StatusRules#trustedGames}), the best last
     * @param provableSince the provableAt of the last cycle if its status has not changed since, so
     *        that the window does not slide while it waits; null otherwise
     * @return null for a final or skipped withdrawal
     */
    public static Eta estimate(WithdrawalStatus status, long l2Block, StatusRules.Proof proof,
            StatusRules.Game proofGame, List<StatusRules.Game> trusted, Long provableSince, long now, Clocks clocks) {
        return estimateTimed(status, l2Block, proof, proofGame, trusted, provableSince, now, clocks).eta();
    }

    /**
     * An estimate and how long it holds by the clock alone.
     *
     * @param heldThrough the last L1 second at which {@link #estimate} gives the same answer if no fact
     *        changes (a time it clamps to "now" is still ahead); {@link Long#MAX_VALUE} when only a fact
     *        changes it; below {@code now} when it moves with the clock already (a time it estimated has
     *        passed, so "now" stands in for it)
     */
    public record Timed(Eta eta, long heldThrough) {

        /** It moves with every second: an estimated time has passed. */
        public boolean overdue(long now) {
            return heldThrough < now;
        }
    }

    /** As {@link #estimate}, with how long the answer holds. */
    public static Timed estimateTimed(WithdrawalStatus status, long l2Block, StatusRules.Proof proof,
            StatusRules.Game proofGame, List<StatusRules.Game> trusted, Long provableSince, long now, Clocks clocks) {
        Horizon horizon = new Horizon(now);
        Eta eta = estimate(status, l2Block, proof, proofGame, trusted, provableSince, clocks, horizon);
        return new Timed(eta, horizon.heldThrough);
    }

    /** The times an estimate keeps from becoming "now": it holds until the first of them passes. */
    private static final class Horizon {
        final long now;
        long heldThrough = Long.MAX_VALUE;

        Horizon(long now) {
            this.now = now;
        }

        /** {@code max(time, now)}: the same answer until L1 time passes {@code time}. */
        long notBeforeNow(long time) {
            heldThrough = Math.min(heldThrough, time);
            return Math.max(time, now);
        }
    }

    private static Eta estimate(WithdrawalStatus status, long l2Block, StatusRules.Proof proof,
            StatusRules.Game proofGame, List<StatusRules.Game> trusted, Long provableSince, Clocks clocks,
            Horizon horizon) {
        long now = horizon.now;
        if (status.isFinal() || status == WithdrawalStatus.SKIPPED) {
            return null;
        }
        if (proof != null && proofGame != null) {
            return finalization(null, proof.provenAt(), proofGame.createdAt(), resolvedAt(proofGame), horizon, clocks,
                    "proven at " + proof.provenAt() + " against game #" + proofGame.index());
        }
        StatusRules.Game best = trusted.isEmpty() ? null : trusted.get(trusted.size() - 1);
        if (best != null && best.l2Block() >= l2Block) {
            long provableAt = provableSince != null && provableSince <= now ? provableSince : now;
            return finalization(provableAt, horizon.notBeforeNow(provableAt + clocks.window()), best.createdAt(),
                    resolvedAt(best), horizon, clocks, "game #" + best.index() + " covers L2 block " + l2Block);
        }
        List<StatusRules.Game> recent = trusted.stream().sorted(Comparator.comparingLong(StatusRules.Game::index))
                .skip(Math.max(0, trusted.size() - INTERVAL_SAMPLE)).toList();
        if (recent.size() < 2) {
            return new Eta(null, null, null, null, "no estimate: fewer than 2 trusted games to time the next one by");
        }
        StatusRules.Game last = recent.get(recent.size() - 1);
        // Medians, so that one outage (or the first game after a start) does not skew the next ten estimates.
        double gap = median(recent, StatusRules.Game::createdAt);
        double step = median(recent, StatusRules.Game::l2Block);
        if (step <= 0) {
            return new Eta(null, null, null, null, "no estimate: the last " + recent.size()
                    + " trusted games do not advance in L2 blocks");
        }
        long intervals = Math.max(1, (long) Math.ceil((l2Block - last.l2Block()) / step));
        long nextGameAt = horizon.notBeforeNow(last.createdAt() + (long) Math.ceil(intervals * gap));
        long provableAt = nextGameAt + 1; // a proof in the game's own second never finalizes
        return finalization(provableAt, provableAt + clocks.window(), nextGameAt, null, horizon, clocks,
                String.format(Locale.ROOT, "next game expected at %d: %d interval(s) after game #%d, from the last %d "
                        + "games (median: one every %.1f s, %.1f L2 blocks apart)", nextGameAt, intervals, last.index(),
                        recent.size(), gap, step));
    }

    /** The median difference of a quantity between consecutive games. */
    private static double median(List<StatusRules.Game> games, ToLongFunction<StatusRules.Game> quantity) {
        double[] deltas = new double[games.size() - 1];
        for (int i = 1; i < games.size(); i++) {
            deltas[i - 1] = quantity.applyAsLong(games.get(i)) - quantity.applyAsLong(games.get(i - 1));
        }
        Arrays.sort(deltas);
        int mid = deltas.length / 2;
        return deltas.length % 2 == 1 ? deltas[mid] : (deltas[mid - 1] + deltas[mid]) / 2;
    }

    private static Long resolvedAt(StatusRules.Game game) {
        return game.status() == StatusRules.DEFENDER_WINS ? game.resolvedAt() : null;
    }

    /** The finalization times once the proof time and the game are known or estimated. */
    private static Eta finalization(Long provableAt, long provenBy, long gameCreatedAt, Long gameResolvedAt,
            Horizon horizon, Clocks clocks, String basis) {
        long resolution = gameResolvedAt != null ? gameResolvedAt
                : horizon.notBeforeNow(gameCreatedAt + clocks.maxClockDuration());
        long finalizableAt = Math.max(provenBy + clocks.proofMaturityDelay(), resolution + clocks.finalityDelay()) + 1;
        String game = gameResolvedAt != null ? "game resolved at " + gameResolvedAt
                : "game resolves at " + resolution + " by its clock";
        return new Eta(provableAt, provenBy, finalizableAt, horizon.notBeforeNow(finalizableAt + clocks.window()),
                basis + "; " + game + "; window " + clocks.window() + " s");
    }
}
