package io.opwb.lifecycle;

import static io.opwb.lifecycle.StatusRules.DEFENDER_WINS;
import static io.opwb.lifecycle.StatusRulesTest.BATCHER;
import static io.opwb.lifecycle.StatusRulesTest.FINALITY;
import static io.opwb.lifecycle.StatusRulesTest.MATURITY;
import static io.opwb.lifecycle.StatusRulesTest.game;
import static io.opwb.lifecycle.StatusRulesTest.resolved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.opwb.lifecycle.EtaPolicy.Clocks;
import io.opwb.lifecycle.EtaPolicy.Eta;
import io.opwb.lifecycle.StatusRules.Game;
import io.opwb.lifecycle.StatusRules.Proof;
import io.opwb.storage.WithdrawalStatus;

/** ETAs: proof and finalization times, consistent with the status rules' clocks. */
class EtaPolicyTest {

    static final long MAX_CLOCK = 1_200;
    static final long WINDOW = 60;
    static final Clocks CLOCKS = new Clocks(MATURITY, FINALITY, MAX_CLOCK, WINDOW);
    static final long L2_BLOCK = 500;

    static Eta estimate(WithdrawalStatus status, Proof proof, Game proofGame, List<Game> trusted, Long provableSince,
            long now) {
        return EtaPolicy.estimate(status, L2_BLOCK, proof, proofGame, trusted, provableSince, now, CLOCKS);
    }

    /** Games every 100 s, 10 L2 blocks apart, the last at L2 block 490 created at 5_000. */
    static List<Game> regularGames(int count) {
        List<Game> games = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int back = count - 1 - i;
            games.add(game(i + 1, 490 - 10L * back, 5_000 - 100L * back));
        }
        return games;
    }

    @Test
    void finalAndSkippedWithdrawalsHaveNoEta() {
        for (WithdrawalStatus s : List.of(WithdrawalStatus.FINALIZED, WithdrawalStatus.FINALIZED_FAILED_CALL,
                WithdrawalStatus.SKIPPED)) {
            assertNull(estimate(s, null, null, regularGames(3), null, 6_000), s.name());
        }
    }

    @Nested
    class Proven {

        final Game game = game(7, 600, 4_400);
        final Proof proof = new Proof(BATCHER, game.address(), 5_000);

        @Test
        void resolvedGame_theLaterOfMaturityAndFinalityPlusOneSecond() {
            Eta maturityBound = estimate(WithdrawalStatus.PROVEN_MATURING, proof,
                    resolved(game, DEFENDER_WINS, 5_200L), List.of(), null, 5_300);
            assertEquals(new Eta(null, 5_000L, 5_601L, 5_661L, maturityBound.basis()), maturityBound);
            Eta finalityBound = estimate(WithdrawalStatus.PROVEN_MATURING, proof,
                    resolved(game, DEFENDER_WINS, 5_400L), List.of(), null, 5_450);
            assertEquals(5_701L, finalityBound.finalizableAt());
            assertTrue(finalityBound.basis().contains("game resolved at 5400"), finalityBound.basis());
        }

        @Test
        void unresolvedGame_resolutionEstimatedFromItsClock() {
            Eta eta = estimate(WithdrawalStatus.PROVEN_MATURING, proof, game, List.of(), null, 5_100);
            assertEquals(4_400 + MAX_CLOCK + FINALITY + 1, eta.finalizableAt());
            assertTrue(eta.basis().contains("game resolves at 5600 by its clock"), eta.basis());
        }

        @Test
        void unresolvedGamePastItsClock_resolvesNoEarlierThanNow() {
            Eta eta = estimate(WithdrawalStatus.PROVEN_MATURING, proof, game, List.of(), null, 5_700);
            assertEquals(5_700 + FINALITY + 1, eta.finalizableAt());
        }

        @Test
        void readyToFinalizeButOverdue_finalizedByIsNotInThePast() {
            Game done = resolved(game, DEFENDER_WINS, 5_200L);
            Eta eta = estimate(WithdrawalStatus.READY_TO_FINALIZE, proof, done, List.of(), null, 9_000);
            assertEquals(5_601L, eta.finalizableAt());
            assertEquals(9_000L, eta.finalizedBy());
        }

        /** The second finalizableAt names is the first in which the status rules say READY_TO_FINALIZE. */
        @Test
        void agreesWithTheStatusRules() {
            for (long resolvedAt : new long[] {5_200, 5_300, 5_400}) {
                Game done = resolved(game, DEFENDER_WINS, resolvedAt);
                long finalizableAt = estimate(WithdrawalStatus.PROVEN_MATURING, proof, done, List.of(), null, 5_000)
                        .finalizableAt();
                assertEquals(WithdrawalStatus.PROVEN_MATURING, status(done, finalizableAt - 1), "at " + resolvedAt);
                assertEquals(WithdrawalStatus.READY_TO_FINALIZE, status(done, finalizableAt), "at " + resolvedAt);
            }
        }

        private WithdrawalStatus status(Game g, long now) {
            return StatusRulesTest.decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(proof),
                    StatusRulesTest.ctx(now, Optional.empty(), g)).status();
        }
    }

    @Nested
    class Covered {

        final Game best = game(9, 520, 5_900);

        @Test
        void provableNowAndProvenWithinTheWindow() {
            Eta eta = estimate(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(game(8, 400, 5_000), best), null,
                    6_000);
            assertEquals(6_000L, eta.provableAt());
            assertEquals(6_000 + WINDOW, eta.provenBy());
            // The game's clock plus finality (7_400) ends after proof maturity (6_660).
            assertEquals(7_401L, eta.finalizableAt());
            assertEquals(7_401 + WINDOW, eta.finalizedBy());
            assertTrue(eta.basis().startsWith("game #9 covers L2 block 500"), eta.basis());
        }

        @Test
        void theWindowDoesNotSlideWhileItWaits() {
            Eta eta = estimate(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(best), 6_000L, 6_030);
            assertEquals(6_000L, eta.provableAt());
            assertEquals(6_060L, eta.provenBy());
        }

        @Test
        void aProvableSinceInTheFutureWasAnEstimate_itIsProvableNow() {
            Eta eta = estimate(WithdrawalStatus.NEEDS_REPROVE, null, null, List.of(best), 6_100L, 6_000);
            assertEquals(6_000L, eta.provableAt());
        }

        @Test
        void overdue_provenByIsNow() {
            Eta eta = estimate(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(best), 6_000L, 6_500);
            assertEquals(6_500L, eta.provenBy());
        }

        @Test
        void needsReproveIsTreatedAsNotProven() {
            Eta eta = estimate(WithdrawalStatus.NEEDS_REPROVE, null, null, List.of(best), null, 6_000);
            assertEquals(6_000L, eta.provableAt());
        }
    }

    @Nested
    class NextGame {

        @Test
        void estimatedFromTheRecentGamesIntervals() {
            // 10 blocks per game: block 500 is one interval after the last game (490).
            Eta eta = estimate(WithdrawalStatus.WAITING_FOR_GAME, null, null, regularGames(5), null, 5_010);
            assertEquals(5_101L, eta.provableAt(), "the next game's second plus one");
            assertEquals(5_101 + WINDOW, eta.provenBy());
            assertEquals(Math.max(5_161 + MATURITY, 5_100 + MAX_CLOCK + FINALITY) + 1, eta.finalizableAt());
            assertTrue(eta.basis().contains("median: one every 100.0 s, 10.0 L2 blocks apart"), eta.basis());
        }

        @Test
        void severalIntervalsAhead() {
            Eta eta = EtaPolicy.estimate(WithdrawalStatus.WAITING_FOR_GAME, 515, null, null, regularGames(5), null,
                    5_010, CLOCKS);
            assertEquals(5_000 + 3 * 100 + 1L, eta.provableAt());
        }

        @Test
        void onlyTheLastTenGamesCount() {
            List<Game> games = new ArrayList<>(regularGames(10));
            // Ten older games 200 s apart would make the median gap 200 s if they counted.
            for (int j = 1; j <= 10; j++) {
                games.add(0, game(-j, 400 - 10L * j, 4_100 - 200L * j));
            }
            Eta eta = estimate(WithdrawalStatus.WAITING_FOR_GAME, null, null, games, null, 5_010);
            assertEquals(5_101L, eta.provableAt());
        }

        @Test
        void oneLongGapDoesNotSkewTheEstimate() {
            List<Game> games = new ArrayList<>(regularGames(4));
            games.add(0, game(0, 450, 4_700 - 1_000));
            Eta eta = estimate(WithdrawalStatus.WAITING_FOR_GAME, null, null, games, null, 5_010);
            assertEquals(5_101L, eta.provableAt());
        }

        @Test
        void aLateProposerMakesItNowNotThePast() {
            Eta eta = estimate(WithdrawalStatus.WAITING_FOR_GAME, null, null, regularGames(5), null, 5_400);
            assertEquals(5_401L, eta.provableAt());
        }

        @Test
        void fewerThanTwoGames_unknown() {
            Eta eta = estimate(WithdrawalStatus.WAITING_FOR_GAME, null, null, regularGames(1), null, 5_010);
            assertEquals(new Eta(null, null, null, null, eta.basis()), eta);
            assertTrue(eta.basis().startsWith("no estimate"), eta.basis());
        }

        @Test
        void gamesThatDoNotAdvance_unknown() {
            Eta eta = estimate(WithdrawalStatus.WAITING_FOR_GAME, null, null,
                    List.of(game(1, 490, 4_900), game(2, 490, 5_000)), null, 5_010);
            assertNull(eta.provableAt());
        }
    }
    /** How long an estimate holds by the clock alone: the status pass decides it again just after. */
    @Nested
    class HeldThrough {

        final Game game = game(7, 600, 4_400);
        final Proof proof = new Proof(BATCHER, game.address(), 5_000);

        EtaPolicy.Timed timed(WithdrawalStatus status, Proof p, Game g, List<Game> trusted, Long since, long now) {
            return EtaPolicy.estimateTimed(status, L2_BLOCK, p, g, trusted, since, now, CLOCKS);
        }

        @Test
        void provenAgainstAnUnresolvedGame_untilItsClockRunsOut() {
            EtaPolicy.Timed t = timed(WithdrawalStatus.PROVEN_MATURING, proof, game, List.of(), null, 5_100);
            assertEquals(4_400 + MAX_CLOCK, t.heldThrough());
            // one second later the same answer; one more and "now" stands in for the resolution
            assertEquals(t.eta(), timed(WithdrawalStatus.PROVEN_MATURING, proof, game, List.of(), null,
                    t.heldThrough()).eta());
            assertTrue(!t.eta().equals(timed(WithdrawalStatus.PROVEN_MATURING, proof, game, List.of(), null,
                    t.heldThrough() + 1).eta()));
        }

        @Test
        void provenAgainstAResolvedGame_untilItsFinalizedByPasses() {
            Game done = resolved(game, DEFENDER_WINS, 5_200L);
            EtaPolicy.Timed t = timed(WithdrawalStatus.PROVEN_MATURING, proof, done, List.of(), null, 5_300);
            assertEquals(5_661L, t.heldThrough());
            assertTrue(!t.overdue(5_661));
            assertTrue(timed(WithdrawalStatus.READY_TO_FINALIZE, proof, done, List.of(), null, 9_000).overdue(9_000),
                    "past its finalizedBy the estimate moves with the clock");
        }

        @Test
        void waitingForTheNextGame_untilTheGameIsDue() {
            List<Game> games = regularGames(5);
            EtaPolicy.Timed t = timed(WithdrawalStatus.WAITING_FOR_GAME, null, null, games, null, 5_010);
            long nextGameAt = t.eta().provableAt() - 1;
            assertEquals(nextGameAt, t.heldThrough());
            assertEquals(t.eta(), timed(WithdrawalStatus.WAITING_FOR_GAME, null, null, games, null, nextGameAt).eta());
        }

        @Test
        void noEstimateOrNoEta_onlyAFactChangesIt() {
            assertEquals(Long.MAX_VALUE, timed(WithdrawalStatus.WAITING_FOR_GAME, null, null, regularGames(1), null,
                    6_000).heldThrough());
            EtaPolicy.Timed skipped = timed(WithdrawalStatus.SKIPPED, null, null, regularGames(3), null, 6_000);
            assertNull(skipped.eta());
            assertEquals(Long.MAX_VALUE, skipped.heldThrough());
        }
    }
}
