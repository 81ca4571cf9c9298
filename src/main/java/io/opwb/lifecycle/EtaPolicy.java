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
        if (status.isFinal() || status == WithdrawalStatus.SKIPPED) {
            return null;
        }
        if (proof != null && proofGame != null) {
            return finalization(null, proof.provenAt(), proofGame.createdAt(), resolvedAt(proofGame), now, clocks,
                    "proven at " + proof.provenAt() + " against game #" + proofGame.index());
        }
        StatusRules.Game best = trusted.isEmpty() ? null : trusted.get(trusted.size() - 1);
        if (best != null && best.l2Block() >= l2Block) {
            long provableAt = provableSince != null && provableSince <= now ? provableSince : now;
            return finalization(provableAt, Math.max(provableAt + clocks.window(), now), best.createdAt(),
                    resolvedAt(best), now, clocks, "game #" + best.index() + " covers L2 block " + l2Block);
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
        long nextGameAt = Math.max(last.createdAt() + (long) Math.ceil(intervals * gap), now);
        long provableAt = nextGameAt + 1; // a proof in the game's own second never finalizes
        return finalization(provableAt, provableAt + clocks.window(), nextGameAt, null, now, clocks,
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
    private static Eta finalization(Long provableAt, long provenBy, long gameCreatedAt, Long gameResolvedAt, long now,
            Clocks clocks, String basis) {
        long resolution = gameResolvedAt != null ? gameResolvedAt
                : Math.max(gameCreatedAt + clocks.maxClockDuration(), now);
        long finalizableAt = Math.max(provenBy + clocks.proofMaturityDelay(), resolution + clocks.finalityDelay()) + 1;
        String game = gameResolvedAt != null ? "game resolved at " + gameResolvedAt
                : "game resolves at " + resolution + " by its clock";
        return new Eta(provableAt, provenBy, finalizableAt, Math.max(finalizableAt + clocks.window(), now),
                basis + "; " + game + "; window " + clocks.window() + " s");
    }
}
