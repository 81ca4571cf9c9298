package io.opwb.lifecycle;

import static io.opwb.lifecycle.StatusRules.CHALLENGER_WINS;
import static io.opwb.lifecycle.StatusRules.DEFENDER_WINS;
import static io.opwb.lifecycle.StatusRules.IN_PROGRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.opwb.lifecycle.StatusRules.Context;
import io.opwb.lifecycle.StatusRules.Decision;
import io.opwb.lifecycle.StatusRules.Game;
import io.opwb.lifecycle.StatusRules.Proof;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.WithdrawalStatus;

/** The status rules: which game to prove against, and each withdrawal's status. */
class StatusRulesTest {

    static final long RESPECTED_TYPE = 1;
    static final long RESPECTED_UPDATED_AT = 1_000;
    static final long MATURITY = 600;
    static final long FINALITY = 300;
    static final String BATCHER = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String ALICE = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String CAROL = "0xcccccccccccccccccccccccccccccccccccccccc";
    static final BigInteger MAX_GAS_LIMIT = BigInteger.valueOf(14_036_235);
    static final BigInteger GAS_LIMIT = BigInteger.valueOf(100_000);
    static final long L2_BLOCK = 500;

    static String addr(int n) {
        return String.format("0x%040x", n);
    }

    /** A trusted game: verified root, respected type, created after the type update, not resolved. */
    static Game game(int n, long l2Block, long createdAt) {
        return new Game(addr(n), n, RESPECTED_TYPE, l2Block, createdAt, IN_PROGRESS, null, false, Boolean.TRUE);
    }

    static Game resolved(Game g, int status, Long resolvedAt) {
        return new Game(g.address(), g.index(), g.gameType(), g.l2Block(), g.createdAt(), status, resolvedAt,
                g.blacklisted(), g.rootVerified());
    }

    static Game blacklisted(Game g) {
        return new Game(g.address(), g.index(), g.gameType(), g.l2Block(), g.createdAt(), g.status(), g.resolvedAt(),
                true, g.rootVerified());
    }

    static Context ctx(long now, Optional<Game> best, Game... games) {
        Map<String, Game> byAddress = new HashMap<>();
        for (Game g : games) {
            byAddress.put(g.address().toLowerCase(), g);
        }
        return new Context(now, MATURITY, FINALITY, RESPECTED_TYPE, RESPECTED_UPDATED_AT, BATCHER, MAX_GAS_LIMIT,
                byAddress, best, false);
    }

    static Decision decide(WithdrawalStatus current, ReasonCode code, String reason, List<Proof> proofs, Context ctx) {
        return StatusRules.decide(current, code, reason, null, GAS_LIMIT, L2_BLOCK, proofs, null, ctx);
    }

    @Nested
    class BestGameToProveAgainst {

        static final long NOW = 10_000;

        Optional<Game> best(Game... games) {
            return StatusRules.bestGameToProveAgainst(List.of(games), RESPECTED_TYPE, RESPECTED_UPDATED_AT, NOW);
        }

        @Test
        void picksTheHighestL2Block() {
            Game low = game(1, 100, 2_000);
            Game high = game(2, 300, 2_500);
            Game mid = game(3, 200, 3_000);
            assertEquals(Optional.of(high), best(low, high, mid));
        }

        @Test
        void noGamesNoBest() {
            assertEquals(Optional.empty(), best());
        }

        @Test
        void onEqualL2BlocksTakesTheLaterIndex() {
            Game first = game(4, 300, 2_000);
            Game second = game(9, 300, 2_100);
            assertEquals(Optional.of(second), best(second, first));
        }

        @Test
        void ignoresRootsNotVerifiedOrWrong() {
            Game good = game(1, 100, 2_000);
            Game unverified = new Game(addr(2), 2, RESPECTED_TYPE, 900, 2_000, IN_PROGRESS, null, false, null);
            Game wrongRoot = new Game(addr(3), 3, RESPECTED_TYPE, 900, 2_000, IN_PROGRESS, null, false, Boolean.FALSE);
            assertEquals(Optional.of(good), best(good, unverified, wrongRoot));
            assertEquals(Optional.empty(), best(unverified, wrongRoot));
        }

        @Test
        void ignoresOtherGameTypes() {
            Game good = game(1, 100, 2_000);
            Game otherType = new Game(addr(2), 2, RESPECTED_TYPE + 1, 900, 2_000, IN_PROGRESS, null, false, true);
            Game typeZero = new Game(addr(3), 3, 0, 900, 2_000, IN_PROGRESS, null, false, true);
            assertEquals(Optional.of(good), best(good, otherType, typeZero));
        }

        @Test
        void ignoresGamesCreatedBeforeTheRespectedTypeUpdateButTakesOneCreatedAtIt() {
            Game good = game(1, 100, 2_000);
            Game before = game(2, 900, RESPECTED_UPDATED_AT - 1);
            assertEquals(Optional.of(good), best(good, before));
            Game atUpdate = game(3, 800, RESPECTED_UPDATED_AT);
            assertEquals(Optional.of(atUpdate), best(good, before, atUpdate));
        }

        @Test
        void ignoresGamesCreatedInTheCurrentSecondOrLater() {
            Game good = game(1, 100, 2_000);
            Game sameSecond = game(2, 900, NOW);
            Game future = game(3, 950, NOW + 1);
            assertEquals(Optional.of(good), best(good, sameSecond, future));
            Game lastSecond = game(4, 800, NOW - 1);
            assertEquals(Optional.of(lastSecond), best(good, sameSecond, future, lastSecond));
        }

        @Test
        void ignoresBlacklistedAndLostGamesButNotWonOrUnresolvedOnes() {
            Game good = game(1, 100, 2_000);
            Game banned = blacklisted(game(2, 900, 2_000));
            Game lost = resolved(game(3, 950, 2_000), CHALLENGER_WINS, 5_000L);
            assertEquals(Optional.of(good), best(good, banned, lost));
            Game won = resolved(game(4, 800, 2_000), DEFENDER_WINS, 5_000L);
            assertEquals(Optional.of(won), best(good, banned, lost, won));
        }
    }

    @Nested
    class Finalized {

        @Test
        void finalizedWithSuccess() {
            Decision d = StatusRules.decide(WithdrawalStatus.FINALIZING, ReasonCode.IN_BATCH, "in batch 7", null, GAS_LIMIT, L2_BLOCK,
                    List.of(), true, ctx(10_000, Optional.empty()));
            assertEquals(new Decision(WithdrawalStatus.FINALIZED, null, null, null), d);
        }

        @Test
        void finalizedWithAFailedCall() {
            Decision d = StatusRules.decide(WithdrawalStatus.READY_TO_FINALIZE, null, null, null, GAS_LIMIT, L2_BLOCK,
                    List.of(), false, ctx(10_000, Optional.empty()));
            assertEquals(WithdrawalStatus.FINALIZED_FAILED_CALL, d.status());
            assertEquals("the portal reports that the call to the target failed", d.reason());
        }

        @Test
        void finalizationWinsOverSelectionAndGas() {
            Decision d = StatusRules.decide(WithdrawalStatus.SKIPPED, ReasonCode.TARGET_FAILS, "predicted to fail", "not selected: x",
                    MAX_GAS_LIMIT.add(BigInteger.ONE), L2_BLOCK, List.of(), true, ctx(10_000, Optional.empty()));
            assertEquals(WithdrawalStatus.FINALIZED, d.status());
        }
    }

    @Nested
    class BeforeProof {

        final Game covering = game(1, L2_BLOCK, 2_000);

        @Test
        void inFlightStatusesAreLeftAlone() {
            Context c = ctx(10_000, Optional.of(covering), covering);
            for (WithdrawalStatus s : List.of(WithdrawalStatus.PROVING, WithdrawalStatus.FINALIZING)) {
                Decision d = StatusRules.decide(s, ReasonCode.IN_BATCH, "batch 3", "not selected: x", GAS_LIMIT, L2_BLOCK,
                        List.of(new Proof(BATCHER, covering.address(), 3_000)), null, c);
                assertEquals(new Decision(s, ReasonCode.IN_BATCH, "batch 3", null), d);
            }
        }

        @Test
        void aPredictedFailureStaysSkipped() {
            Context c = ctx(10_000, Optional.of(covering), covering);
            Decision d = decide(WithdrawalStatus.SKIPPED, ReasonCode.TARGET_FAILS, "simulation: the call to the target reverts", List.of(), c);
            assertEquals(new Decision(WithdrawalStatus.SKIPPED, ReasonCode.TARGET_FAILS, "simulation: the call to the target reverts", null), d);
        }

        @Test
        void aPolicySkipIsReevaluatedWhenTheSelectionChanges() {
            Context c = ctx(10_000, Optional.of(covering), covering);
            Decision d = decide(WithdrawalStatus.SKIPPED, ReasonCode.NOT_SELECTED,
                    "not selected: neither sender nor target is on the address list", List.of(), c);
            assertEquals(new Decision(WithdrawalStatus.READY_TO_PROVE, null, null, null), d);
        }

        @Test
        void aGasLimitSkipIsReevaluatedWhenTheLimitAllowsIt() {
            Context c = ctx(10_000, Optional.empty());
            Decision d = decide(WithdrawalStatus.SKIPPED, ReasonCode.GAS_LIMIT_TOO_HIGH, "gas limit 99 cannot fit a batch", List.of(), c);
            assertEquals(WithdrawalStatus.WAITING_FOR_GAME, d.status());
        }

        @Test
        void aPolicySkipStaysSkippedWithTheNewReasonWhileStillRejected() {
            Context c = ctx(10_000, Optional.of(covering), covering);
            Decision d = StatusRules.decide(WithdrawalStatus.SKIPPED, ReasonCode.NOT_SELECTED, "not selected: old", "not selected: new",
                    GAS_LIMIT, L2_BLOCK, List.of(), null, c);
            assertEquals(new Decision(WithdrawalStatus.SKIPPED, ReasonCode.NOT_SELECTED, "not selected: new", null), d);
        }

        @Test
        void theSelectionRejectionSkips() {
            Context c = ctx(10_000, Optional.of(covering), covering);
            Decision d = StatusRules.decide(WithdrawalStatus.READY_TO_PROVE, null, null,
                    "not selected: value 5 wei is below the minimum 10", GAS_LIMIT, L2_BLOCK, List.of(), null, c);
            assertEquals(new Decision(WithdrawalStatus.SKIPPED, ReasonCode.NOT_SELECTED, "not selected: value 5 wei is below the minimum 10", null), d);
        }

        @Test
        void aGasLimitAboveWhatABatchCanFinalizeSkips() {
            Context c = ctx(10_000, Optional.of(covering), covering);
            BigInteger tooMuch = MAX_GAS_LIMIT.add(BigInteger.ONE);
            Decision d = StatusRules.decide(WithdrawalStatus.WAITING_FOR_GAME, null, null, null, tooMuch, L2_BLOCK,
                    List.of(), null, c);
            assertEquals(WithdrawalStatus.SKIPPED, d.status());
            assertEquals("gas limit 14036236 cannot fit a batch under the 2^24 transaction gas cap (at most 14036235)",
                    d.reason());
            assertEquals(ReasonCode.GAS_LIMIT_TOO_HIGH, d.code());
            assertTrue(d.code().isPolicySkip());

            Decision atMax = StatusRules.decide(WithdrawalStatus.WAITING_FOR_GAME, null, null, null, MAX_GAS_LIMIT, L2_BLOCK,
                    List.of(), null, c);
            assertEquals(WithdrawalStatus.READY_TO_PROVE, atMax.status());
        }

        @Test
        void waitsForAGameWhenNoneIsTrusted() {
            Decision d = decide(WithdrawalStatus.WAITING_FOR_GAME, null, null, List.of(), ctx(10_000, Optional.empty()));
            assertEquals(new Decision(WithdrawalStatus.WAITING_FOR_GAME, ReasonCode.NO_GAME_YET, "no trusted game covers L2 block 500 yet", null), d);
        }

        @Test
        void waitsForAGameWhenTheBestGameIsOneBlockShort() {
            Game short1 = game(1, L2_BLOCK - 1, 2_000);
            Decision d = decide(WithdrawalStatus.WAITING_FOR_GAME, null, null, List.of(), ctx(10_000, Optional.of(short1), short1));
            assertEquals(new Decision(WithdrawalStatus.WAITING_FOR_GAME, ReasonCode.NO_GAME_YET, "no trusted game covers L2 block 500 yet", null), d);
        }

        @Test
        void readyToProveWhenTheBestGameIsAtTheWithdrawalsBlock() {
            Decision d = decide(WithdrawalStatus.WAITING_FOR_GAME, null, null, List.of(), ctx(10_000, Optional.of(covering), covering));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_PROVE, null, null, null), d);
        }

        @Test
        void anotherSubmittersInvalidProofDoesNotCount() {
            Game lost = resolved(game(2, 900, 2_000), CHALLENGER_WINS, 4_000L);
            Context c = ctx(10_000, Optional.of(covering), covering, lost);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, ReasonCode.PROOF_MATURING, "x", List.of(new Proof(ALICE, lost.address(), 3_000)), c);
            assertEquals(new Decision(WithdrawalStatus.READY_TO_PROVE, null, null, null), d);
        }
    }

    @Nested
    class OurProof {

        // proven at 5,000: matures after 5,600; game resolves at 5,500: final after 5,800
        final Game g = game(7, L2_BLOCK, 2_000);
        final Game won = resolved(g, DEFENDER_WINS, 5_500L);
        final Proof ours = new Proof(BATCHER, g.address(), 5_000);

        @Test
        void maturingUntilTheProofMatures() {
            Decision d = decide(WithdrawalStatus.READY_TO_PROVE, null, null,
                    List.of(ours), ctx(5_600, Optional.of(won), won));
            assertEquals(new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.PROOF_MATURING, "proof matures after L1 time 5600", BATCHER), d);
        }

        @Test
        void maturingUntilTheGameResolves() {
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(5_601, Optional.of(g), g));
            assertEquals(new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.GAME_NOT_RESOLVED, "game #7 has not resolved yet", BATCHER), d);
        }

        @Test
        void aWonGameWithoutAResolutionTimeIsNotResolved() {
            Game noTime = resolved(g, DEFENDER_WINS, null);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(99_999, Optional.empty(), noTime));
            assertEquals(new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.GAME_NOT_RESOLVED, "game #7 has not resolved yet", BATCHER), d);
        }

        @Test
        void maturingUntilTheFinalityDelayHasPassed() {
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(5_800, Optional.empty(), won));
            assertEquals(new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.GAME_NOT_FINAL, "game #7 is final after L1 time 5800", BATCHER), d);
        }

        @Test
        void readyToFinalizeOneSecondAfterBothDelays() {
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(5_801, Optional.empty(), won));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, BATCHER), d);
        }

        @Test
        void theProofMaturityBoundaryIsStrictEvenWhenTheGameIsLongFinal() {
            Game early = resolved(g, DEFENDER_WINS, 2_100L);
            assertEquals(WithdrawalStatus.PROVEN_MATURING,
                    decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(5_600, Optional.empty(), early)).status());
            assertEquals(WithdrawalStatus.READY_TO_FINALIZE,
                    decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(5_601, Optional.empty(), early)).status());
        }

        @Test
        void ourProofIsRecognisedWhateverTheCaseOfTheAddresses() {
            Proof upper = new Proof(BATCHER.toUpperCase().replace("0X", "0x"), g.address().toUpperCase().replace("0X", "0x"),
                    5_000);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(upper), ctx(5_801, Optional.empty(), won));
            assertEquals(WithdrawalStatus.READY_TO_FINALIZE, d.status());
            assertEquals(upper.submitter(), d.proofSubmitter());
        }

        @Test
        void ourValidProofIsPreferredOverAnEarlierOneByAnotherSubmitter() {
            Proof alice = new Proof(ALICE, g.address(), 4_000);
            Context c = ctx(5_801, Optional.empty(), won);
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, BATCHER),
                    decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(alice, ours), c));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, BATCHER),
                    decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours, alice), c));
        }

        @Test
        void ourProofAgainstABlacklistedGameNeedsAReprove() {
            Game banned = blacklisted(won);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(9_000, Optional.empty(), banned));
            assertEquals(new Decision(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID,
                    "the game of our proof " + g.address() + " can no longer finalize it: the game is blacklisted", null), d);
        }

        @Test
        void ourProofAgainstALostGameNeedsAReprove() {
            Game lost = resolved(g, CHALLENGER_WINS, 5_500L);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(9_000, Optional.empty(), lost));
            assertEquals(new Decision(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID,
                    "the game of our proof " + g.address() + " can no longer finalize it: the game resolved CHALLENGER_WINS",
                    null), d);
        }

        @Test
        void ourProofAgainstAGameOlderThanTheRespectedTypeNeedsAReprove() {
            Game old = resolved(game(7, L2_BLOCK, RESPECTED_UPDATED_AT - 1), DEFENDER_WINS, 5_500L);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(9_000, Optional.empty(), old));
            assertEquals(new Decision(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID, "the game of our proof " + g.address()
                    + " can no longer finalize it: the game predates the last change of the respected game type", null), d);
        }

        @Test
        void aGameCreatedExactlyAtTheRespectedTypeUpdateIsFine() {
            Game atUpdate = resolved(game(7, L2_BLOCK, RESPECTED_UPDATED_AT), DEFENDER_WINS, 5_500L);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(9_000, Optional.empty(), atUpdate));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, BATCHER), d);
        }

        @Test
        void ourProofMadeInTheGamesCreationSecondNeedsAReprove() {
            Proof sameSecond = new Proof(BATCHER, g.address(), g.createdAt());
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(sameSecond), ctx(9_000, Optional.empty(), won));
            assertEquals(new Decision(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID, "the game of our proof " + g.address()
                    + " can no longer finalize it: it was proven in the game's creation second", null), d);

            Proof nextSecond = new Proof(BATCHER, g.address(), g.createdAt() + 1);
            Decision ok = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(nextSecond), ctx(9_000, Optional.empty(), won));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, BATCHER), ok);
        }

        @Test
        void ourProofAgainstAnUnknownGameNeedsAReprove() {
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), ctx(9_000, Optional.empty()));
            assertEquals(new Decision(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID,
                    "the game of our proof " + g.address() + " can no longer finalize it: its game is unknown to us", null), d);
        }

        @Test
        void ourInvalidProofGivesWayToAnotherSubmittersValidOne() {
            Game banned = blacklisted(won);
            Game other = resolved(game(8, L2_BLOCK, 2_000), DEFENDER_WINS, 5_000L);
            Proof alice = new Proof(ALICE, other.address(), 4_000);
            Context c = ctx(5_400, Optional.empty(), banned, other);
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, ALICE),
                    decide(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID, "x", List.of(ours, alice), c));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, ALICE),
                    decide(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID, "x", List.of(alice, ours), c));
        }

        @Test
        void ourInvalidProofAndAnotherInvalidOneStillNeedAReprove() {
            Game banned = blacklisted(won);
            Game lost = resolved(game(8, L2_BLOCK, 2_000), CHALLENGER_WINS, 5_000L);
            Proof alice = new Proof(ALICE, lost.address(), 4_000);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(alice, ours),
                    ctx(9_000, Optional.empty(), banned, lost));
            assertEquals(WithdrawalStatus.NEEDS_REPROVE, d.status());
            assertTrue(d.reason().endsWith("the game is blacklisted"), d.reason());
            assertNull(d.proofSubmitter());
        }
    }

    @Nested
    class OtherSubmittersProof {

        final Game g = resolved(game(7, L2_BLOCK, 2_000), DEFENDER_WINS, 5_500L);

        @Test
        void anotherSubmittersValidProofIsUsedWhenWeHaveNone() {
            Proof alice = new Proof(ALICE, g.address(), 5_000);
            assertEquals(new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.PROOF_MATURING, "proof matures after L1 time 5600", ALICE),
                    decide(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(alice), ctx(5_600, Optional.of(g), g)));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, ALICE),
                    decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(alice), ctx(5_801, Optional.of(g), g)));
        }

        @Test
        void theEarliestValidProofOfOthersIsUsed() {
            Game early = resolved(game(7, L2_BLOCK, 2_000), DEFENDER_WINS, 5_000L);
            Proof alice = new Proof(ALICE, early.address(), 5_000);
            Proof carol = new Proof(CAROL, early.address(), 4_000);
            Context c = ctx(5_301, Optional.of(early), early);
            // carol's matured after 4,600 and the game is final after 5,300; alice's matures only after 5,600
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, CAROL),
                    decide(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(alice, carol), c));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, CAROL),
                    decide(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(carol, alice), c));
        }

        @Test
        void anInvalidEarlierProofOfOthersIsPassedOver() {
            Game lost = resolved(game(8, L2_BLOCK, 2_000), CHALLENGER_WINS, 3_000L);
            Proof carolOnLost = new Proof(CAROL, lost.address(), 2_500);
            Proof alice = new Proof(ALICE, g.address(), 5_000);
            Decision d = decide(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(carolOnLost, alice),
                    ctx(5_801, Optional.of(g), g, lost));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, ALICE), d);
        }

        @Test
        void aStrangersProofAgainstAWrongRootGameIsIgnoredAndWeProveOurselves() {
            Game wrongRoot = new Game(addr(9), 9, RESPECTED_TYPE, L2_BLOCK, 2_000, IN_PROGRESS, null, false, Boolean.FALSE);
            Game unverified = new Game(addr(10), 10, RESPECTED_TYPE, L2_BLOCK, 2_000, IN_PROGRESS, null, false, null);
            Game best = game(11, L2_BLOCK, 2_000);
            for (Game attackers : List.of(wrongRoot, unverified)) {
                Proof stranger = new Proof(CAROL, attackers.address(), 3_000);
                assertEquals(new Decision(WithdrawalStatus.READY_TO_PROVE, null, null, null),
                        decide(WithdrawalStatus.WAITING_FOR_GAME, null, null, List.of(stranger),
                                ctx(3_500, Optional.of(best), best, attackers)), "against " + attackers);
            }
            // even after it "won": our L2 node says its root is wrong
            Game wonWrongRoot = resolved(wrongRoot, DEFENDER_WINS, 3_100L);
            assertEquals(WithdrawalStatus.READY_TO_PROVE, decide(WithdrawalStatus.WAITING_FOR_GAME, null, null,
                    List.of(new Proof(CAROL, wonWrongRoot.address(), 3_000)),
                    ctx(9_000, Optional.of(best), best, wonWrongRoot)).status());
        }

        @Test
        void aProofAgainstAWonGameWhoseRootWeCouldNotCheckCounts() {
            Game wonUnverified = resolved(new Game(addr(12), 12, RESPECTED_TYPE, L2_BLOCK, 2_000, IN_PROGRESS, null,
                    false, null), DEFENDER_WINS, 3_100L);
            Proof alice = new Proof(ALICE, wonUnverified.address(), 3_000);
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, ALICE), decide(WithdrawalStatus.READY_TO_PROVE, null,
                    null, List.of(alice), ctx(9_000, Optional.empty(), wonUnverified)));
        }

        @Test
        void anotherSubmittersProofMadeInTheGamesCreationSecondIsIgnored() {
            Proof alice = new Proof(ALICE, g.address(), g.createdAt());
            Decision d = decide(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(alice), ctx(9_000, Optional.of(g), g));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_PROVE, null, null, null), d);
        }
    }

    /** A legacy portal: output proposals are the games (resolved when proposed, no finality delay). */
    @Nested
    class OneProofPerWithdrawal {

        final Game output = resolved(new Game("0x" + "ab".repeat(32), 3, -1, L2_BLOCK, 2_000, IN_PROGRESS, null,
                false, Boolean.TRUE), DEFENDER_WINS, 2_000L);

        Context legacy(long now, Game... outputs) {
            Context c = ctx(now, Optional.of(outputs[0]), outputs);
            return new Context(c.now(), MATURITY, MATURITY, -1, 0, BATCHER, MAX_GAS_LIMIT, c.gamesByAddress(), c.bestGame(),
                    true);
        }

        @Test
        void anyonesProofIsTheOneWeFinalizeWithAndIsNeverReproved() {
            Proof alice = new Proof(ALICE, output.address(), 2_500);
            assertEquals(new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.PROOF_MATURING, "proof matures after L1 time 3100", ALICE),
                    decide(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(alice), legacy(3_100, output)));
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, ALICE),
                    decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(alice), legacy(3_101, output)));
        }

        @Test
        void aReproposedOutputMustAgeTooThoughTheProofIsOlder() {
            Game reproposed = resolved(output, DEFENDER_WINS, 2_900L);
            Proof alice = new Proof(ALICE, output.address(), 2_500);
            assertEquals(new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.GAME_NOT_FINAL, "game #3 is final after L1 time 3500", ALICE),
                    decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(alice), legacy(3_200, reproposed)));
            assertEquals(WithdrawalStatus.READY_TO_FINALIZE,
                    decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(alice), legacy(3_501, reproposed)).status());
        }

        @Test
        void aProofInTheOutputsOwnSecondCounts() {
            Proof alice = new Proof(ALICE, output.address(), output.createdAt());
            assertEquals(new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, ALICE),
                    decide(WithdrawalStatus.READY_TO_PROVE, null, null, List.of(alice), legacy(2_601, output)));
        }

        @Test
        void aProofAgainstADeletedOutputNeedsAReprove() {
            Game deleted = resolved(output, CHALLENGER_WINS, 2_200L);
            Proof alice = new Proof(ALICE, deleted.address(), 2_100);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(alice), legacy(9_000, deleted));
            assertEquals(WithdrawalStatus.NEEDS_REPROVE, d.status());
        }
    }

    @Test
    void onlyTheSelectionAndGasCodesArePolicySkips() {
        assertEquals(java.util.Set.of(ReasonCode.NOT_SELECTED, ReasonCode.GAS_LIMIT_TOO_HIGH),
                java.util.Arrays.stream(ReasonCode.values()).filter(ReasonCode::isPolicySkip)
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aSkipIsKeptOrDecidedAgainByItsCodeNotByItsText() {
        Game covering = game(1, L2_BLOCK, 2_000);
        Context c = ctx(10_000, Optional.of(covering), covering);
        // a predicted failure worded like a policy skip stays skipped
        assertEquals(new Decision(WithdrawalStatus.SKIPPED, ReasonCode.TARGET_FAILS, "not selected: reworded", null),
                decide(WithdrawalStatus.SKIPPED, ReasonCode.TARGET_FAILS, "not selected: reworded", List.of(), c));
        // a policy skip worded like anything else is decided again
        assertEquals(WithdrawalStatus.READY_TO_PROVE,
                decide(WithdrawalStatus.SKIPPED, ReasonCode.NOT_SELECTED, "reworded entirely", List.of(), c).status());
    }

    /**
     * A portal with an AnchorStateRegistry (4.x and later): games void by retirement
     * ({@code createdAt <= retirementTimestamp}) or by not having been respected when created; a change
     * of the respected type leaves earlier proofs valid.
     */
    @Nested
    class UnderTheRegistry {

        static final long NOW = 10_000;
        static final long RETIREMENT = RESPECTED_UPDATED_AT;

        Game game(int n, long createdAt, Boolean respectedWhenCreated, long gameType) {
            return new Game(addr(n), n, gameType, L2_BLOCK, createdAt, DEFENDER_WINS, 3_000L, false, Boolean.TRUE,
                    respectedWhenCreated);
        }

        Context registryCtx(long respectedType, Game... games) {
            Map<String, Game> byAddress = new HashMap<>();
            for (Game g : games) {
                byAddress.put(g.address().toLowerCase(), g);
            }
            return new Context(NOW, MATURITY, FINALITY, respectedType, RETIREMENT, BATCHER, MAX_GAS_LIMIT, byAddress,
                    StatusRules.bestGameToProveAgainst(byAddress.values(), respectedType, RETIREMENT, NOW, true), false,
                    true);
        }

        @Test
        void aGameCreatedInTheRetirementSecondIsRetiredThereButValidUnderThe3xRule() {
            Game atRetirement = game(1, RETIREMENT, true, RESPECTED_TYPE);
            Proof ours = new Proof(BATCHER, atRetirement.address(), RETIREMENT + 10);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), registryCtx(RESPECTED_TYPE, atRetirement));
            assertEquals(WithdrawalStatus.NEEDS_REPROVE, d.status());
            assertTrue(d.reason().contains("the game is retired"), d.reason());
            assertEquals(Optional.empty(), StatusRules.bestGameToProveAgainst(List.of(atRetirement), RESPECTED_TYPE,
                    RETIREMENT, NOW, true));
            assertEquals(Optional.of(atRetirement), StatusRules.bestGameToProveAgainst(List.of(atRetirement),
                    RESPECTED_TYPE, RETIREMENT, NOW, false), "3.x: a game created at the update is valid");
        }

        @Test
        void aProofAgainstAGameOfTheFormerRespectedTypeStaysFinalizableAfterTheTypeChanges() {
            Game former = game(1, 2_000, true, RESPECTED_TYPE);
            Proof ours = new Proof(BATCHER, former.address(), 2_100);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), registryCtx(RESPECTED_TYPE + 7, former));
            assertEquals(WithdrawalStatus.READY_TO_FINALIZE, d.status(), "no re-prove: " + d.reason());
            // 3.x checks the type again at finalization (checkWithdrawal: "invalid game type")
            Context v3 = new Context(NOW, MATURITY, FINALITY, RESPECTED_TYPE + 7, 0, BATCHER, MAX_GAS_LIMIT,
                    Map.of(former.address().toLowerCase(), former), Optional.empty(), false);
            Decision under3x = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(ours), v3);
            assertEquals(WithdrawalStatus.NEEDS_REPROVE, under3x.status());
            assertTrue(under3x.reason().contains("no longer the respected one"), under3x.reason());
        }

        @Test
        void aGameNotRespectedWhenCreatedIsNeverProvenAgainstAndVoidsProofsMadeWithIt() {
            Game notRespected = game(1, 2_000, false, RESPECTED_TYPE);
            Game unknown = game(2, 2_000, null, RESPECTED_TYPE);
            Context ctx = registryCtx(RESPECTED_TYPE, notRespected, unknown);
            assertEquals(Optional.empty(), ctx.bestGame(), "neither is proven against");
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(new Proof(BATCHER, notRespected.address(),
                    2_100)), ctx);
            assertEquals(WithdrawalStatus.NEEDS_REPROVE, d.status());
            assertTrue(d.reason().contains("not the respected one when it was created"), d.reason());
            // not known: voids nothing
            assertEquals(WithdrawalStatus.READY_TO_FINALIZE, decide(WithdrawalStatus.PROVEN_MATURING, null, null,
                    List.of(new Proof(BATCHER, unknown.address(), 2_100)), ctx).status());
        }
    }
    /** Which clock thresholds a decision waits for: the status pass decides it again just after. */
    @Nested
    class DecisionHeldThrough {

        final Game game = game(7, 400, 5_000);
        final Proof proof = new Proof(BATCHER, game.address(), 5_100);

        long held(Game g, long now) {
            Context c = ctx(now, Optional.empty(), g);
            Decision d = decide(WithdrawalStatus.PROVEN_MATURING, null, null, List.of(proof), c);
            return StatusRules.decisionHeldThrough(d, StatusRules.finalizingProof(List.of(proof), c), c);
        }

        @Test
        void maturingProof_untilItMatures_thenTheDecisionChanges() {
            long maturesAt = 5_100 + MATURITY;
            Game done = resolved(game, DEFENDER_WINS, 5_200L);
            assertEquals(maturesAt, held(done, 5_300));
            assertEquals(WithdrawalStatus.PROVEN_MATURING, decide(WithdrawalStatus.PROVEN_MATURING, null, null,
                    List.of(proof), ctx(maturesAt, Optional.empty(), done)).status());
            assertEquals(WithdrawalStatus.READY_TO_FINALIZE, decide(WithdrawalStatus.PROVEN_MATURING, null, null,
                    List.of(proof), ctx(maturesAt + 1, Optional.empty(), done)).status());
        }

        @Test
        void agingGame_untilItIsFinal() {
            Game done = resolved(game, DEFENDER_WINS, 5_650L);
            assertEquals(5_650 + FINALITY, held(done, 5_800));
        }

        @Test
        void unresolvedGameOrNoProof_onlyAFactChangesIt() {
            assertEquals(Long.MAX_VALUE, held(game, 5_800), "the game's resolution is a fact");
            Context c = ctx(10_000, Optional.of(game), game);
            Decision ready = decide(WithdrawalStatus.WAITING_FOR_GAME, null, null, List.of(), c);
            assertEquals(Long.MAX_VALUE, StatusRules.decisionHeldThrough(ready, null, c));
        }

        @Test
        void askingTheChain_thisSecondOnly() {
            Context c = ctx(6_000, Optional.empty(), game);
            Decision asking = new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.CHAIN_CHECK, "asking", BATCHER);
            assertEquals(6_000, StatusRules.decisionHeldThrough(asking, proof, c));
        }
    }
}
