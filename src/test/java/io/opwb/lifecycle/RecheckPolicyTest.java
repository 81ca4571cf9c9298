package io.opwb.lifecycle;

import static io.opwb.lifecycle.StatusRulesTest.game;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.opwb.lifecycle.RecheckPolicy.Basis;
import io.opwb.lifecycle.RecheckPolicy.Changes;
import io.opwb.storage.WithdrawalStatus;

/** When the status pass decides a withdrawal again, and which withdrawals a change of a chain's basis concerns. */
class RecheckPolicyTest {

    static final long NOW = 10_000;
    static final long REFRESH = 300;

    static EtaPolicy.Timed eta(long heldThrough) {
        return new EtaPolicy.Timed(new EtaPolicy.Eta(null, null, null, null, "basis"), heldThrough);
    }

    @Test
    void dueJustAfterTheFirstThresholdOfTheDecisionAndItsEstimate() {
        assertEquals(10_601L, RecheckPolicy.dueAt(WithdrawalStatus.PROVEN_MATURING, 10_600, eta(12_000), NOW, REFRESH));
        assertEquals(11_001L, RecheckPolicy.dueAt(WithdrawalStatus.READY_TO_PROVE, Long.MAX_VALUE, eta(11_000), NOW,
                REFRESH));
        assertEquals(NOW + 1, RecheckPolicy.dueAt(WithdrawalStatus.PROVEN_MATURING, NOW, eta(12_000), NOW, REFRESH),
                "asked of the chain this second: next second");
    }

    @Test
    void anEstimateThatMovesWithTheClock_refreshedAfterTheInterval() {
        assertEquals(NOW + REFRESH, RecheckPolicy.dueAt(WithdrawalStatus.READY_TO_FINALIZE, Long.MAX_VALUE,
                eta(NOW - 1), NOW, REFRESH));
        assertEquals(NOW + 1, RecheckPolicy.dueAt(WithdrawalStatus.READY_TO_FINALIZE, Long.MAX_VALUE, eta(NOW - 1), NOW,
                0), "never due again at once: a pass ends");
    }

    @Test
    void onlyAFactMovesFinalSkippedInFlightAndUnestimatedWithdrawals() {
        for (WithdrawalStatus s : List.of(WithdrawalStatus.FINALIZED, WithdrawalStatus.FINALIZED_FAILED_CALL,
                WithdrawalStatus.PROVING, WithdrawalStatus.FINALIZING)) {
            assertNull(RecheckPolicy.dueAt(s, NOW, eta(NOW), NOW, REFRESH), s.name());
        }
        assertNull(RecheckPolicy.dueAt(WithdrawalStatus.SKIPPED, Long.MAX_VALUE, new EtaPolicy.Timed(null,
                Long.MAX_VALUE), NOW, REFRESH));
        assertNull(RecheckPolicy.dueAt(WithdrawalStatus.WAITING_FOR_GAME, Long.MAX_VALUE, eta(Long.MAX_VALUE), NOW,
                REFRESH), "no estimate: the next game is a fact");
    }

    @Test
    void noBasisKeptOrOtherRules_everyOpenWithdrawal() {
        Basis now = new Basis("rules", 500, "games");
        assertTrue(RecheckPolicy.changes(null, now).allOpen());
        assertTrue(RecheckPolicy.changes(new Basis("rules before a retirement", 500, "games"), now).allOpen());
    }

    @Test
    void aGameCoversMoreOrLess_theBlocksBetween() {
        Changes more = RecheckPolicy.changes(new Basis("r", 400, "g"), new Basis("r", 500, "g"));
        assertEquals(new Changes(false, 400, 500, false), more);
        assertTrue(more.coverage());
        Changes less = RecheckPolicy.changes(new Basis("r", 500, "g"), new Basis("r", 400, "g"));
        assertEquals(new Changes(false, 400, 500, false), less, "a blacklisted best game: back to waiting");
        Changes none = RecheckPolicy.changes(new Basis("r", -1, "none"), new Basis("r", 80, "g"));
        assertEquals(new Changes(false, -1, 80, true), none);
    }

    @Test
    void nothingChanged_nothingDue() {
        Changes same = RecheckPolicy.changes(new Basis("r", 500, "g"), new Basis("r", 500, "g"));
        assertFalse(same.any());
    }

    @Test
    void theEstimatesGames_theBestAndTheLastTenByIndex() {
        List<StatusRules.Game> games = EtaPolicyTest.regularGames(12);
        String before = RecheckPolicy.etaGames(games);
        assertEquals(before, RecheckPolicy.etaGames(List.copyOf(games)));
        assertEquals(before, RecheckPolicy.etaGames(games.subList(1, 12)), "the oldest is not in the sample");
        List<StatusRules.Game> newer = new java.util.ArrayList<>(games);
        newer.add(game(13, 500, 5_100));
        assertNotEquals(before, RecheckPolicy.etaGames(newer));
        assertEquals("none", RecheckPolicy.etaGames(List.of()));
    }

    @Test
    void theRulesText_changesWithARetirementOrTheSelection() {
        StatusRules.Context ctx = StatusRulesTest.ctx(NOW, Optional.empty());
        EtaPolicy.Clocks clocks = EtaPolicyTest.CLOCKS;
        SelectionPolicy selection = new SelectionPolicy(Optional.empty(), BigInteger.TEN);
        String rules = RecheckPolicy.rules(ctx, clocks, selection);
        assertEquals(rules, RecheckPolicy.rules(StatusRulesTest.ctx(NOW + 50, Optional.empty()), clocks, selection),
                "time alone changes no rule");
        StatusRules.Context retired = new StatusRules.Context(NOW, ctx.proofMaturityDelay(), ctx.finalityDelay(),
                ctx.respectedGameType(), ctx.respectedGameTypeUpdatedAt() + 1, ctx.batcher(), ctx.maxFinalizeGasLimit(),
                ctx.gamesByAddress(), ctx.bestGame(), ctx.oneProofPerWithdrawal(), ctx.registryRules());
        assertNotEquals(rules, RecheckPolicy.rules(retired, clocks, selection));
        assertNotEquals(rules, RecheckPolicy.rules(ctx, clocks, new SelectionPolicy(Optional.empty(), BigInteger.ONE)));
    }
}
