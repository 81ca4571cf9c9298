package io.opwb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.opwb.storage.ReasonCode;
import io.opwb.storage.WithdrawalStatus;

/** The progress line for people: every status with every reason code (and none), and the words the issue asks for. */
class ProgressLineTest {

    private static final long PROVEN_BY = 1_800_000_100L;
    private static final long FINALIZABLE = 1_800_600_000L;
    private static final long FINALIZED_BY = 1_800_600_030L;
    private static final Instant PROVEN_AT = Instant.ofEpochSecond(1_800_000_050L);
    private static final Instant FINALIZED_AT = Instant.ofEpochSecond(1_800_600_040L);

    private static ProgressLine.Facts facts(WithdrawalStatus status, ReasonCode code, boolean proven) {
        return new ProgressLine.Facts(status, code, 683, "0xl2", null, proven, proven ? PROVEN_AT : null,
                proven ? "0xprove" : null, proven ? 40L : null, status.isFinal() ? FINALIZED_AT : null,
                status.isFinal() ? "0xfinal" : null, status.isFinal() ? 90L : null, PROVEN_BY, FINALIZABLE, FINALIZED_BY);
    }

    private static List<ReasonCode> codesAndNone() {
        List<ReasonCode> codes = new ArrayList<>(Arrays.asList(ReasonCode.values()));
        codes.add(null);
        return codes;
    }

    private static List<String> states(WithdrawalView.ProgressView p) {
        return p.steps().stream().map(WithdrawalView.StepView::state).toList();
    }

    @Test
    void everyStatusAndReasonGivesFourStepsInOrderAndSaysWhatItWaitsFor() {
        for (WithdrawalStatus status : WithdrawalStatus.values()) {
            for (ReasonCode code : codesAndNone()) {
                for (boolean proven : new boolean[] {false, true}) {
                    String what = status + "/" + code + "/proven=" + proven;
                    WithdrawalView.ProgressView p = ProgressLine.of(facts(status, code, proven));
                    assertEquals(List.of("INITIATED", "PROVEN", "MATURED", "FINALIZED"),
                            p.steps().stream().map(WithdrawalView.StepView::step).toList(), what);
                    assertEquals(List.of("L2", "L1", "L1", "L1"),
                            p.steps().stream().map(WithdrawalView.StepView::chainLayer).toList(), what);
                    assertEquals("DONE", p.steps().get(0).state(), what);
                    long current = states(p).stream().filter("CURRENT"::equals).count();
                    boolean open = !status.isFinal() && status != WithdrawalStatus.SKIPPED;
                    assertEquals(open ? 1 : 0, current, what);
                    // Nothing done after a step not done.
                    int firstNotDone = states(p).indexOf(states(p).stream().filter(s -> !s.equals("DONE"))
                            .findFirst().orElse("none"));
                    if (firstNotDone >= 0) {
                        assertTrue(states(p).subList(firstNotDone, 4).stream().noneMatch("DONE"::equals), what);
                    }
                    for (WithdrawalView.StepView step : p.steps()) {
                        assertTrue(step.expectedAt() == null || !step.state().equals("DONE"), what + " " + step);
                        assertTrue(step.at() == null || step.state().equals("DONE"), what + " " + step);
                        assertTrue(step.txHash() == null || step.state().equals("DONE"), what + " " + step);
                    }
                    if (status.isFinal()) {
                        assertNull(p.waitingFor(), what);
                        assertNull(p.waitingReasonCode(), what);
                        assertEquals(List.of("DONE", "DONE", "DONE", "DONE"), states(p), what);
                    } else {
                        assertNotNull(p.waitingFor(), what);
                        assertFalse(p.waitingFor().isBlank(), what);
                        // No times in the words: the page adds them from expectedAt.
                        assertFalse(p.waitingFor().matches(".*\\d{6,}.*"), what + ": " + p.waitingFor());
                        assertEquals(code == null ? null : code.name(), p.waitingReasonCode(), what);
                    }
                    assertEquals(status == WithdrawalStatus.SKIPPED && (code == null || !code.isPolicySkip()),
                            p.retryable(), what);
                    assertNotNull(ProgressLine.reasonInWords(code));
                }
            }
        }
    }

    @Test
    void waitingForAGameSaysWhichBlockAndExpectsTheProof() {
        var p = ProgressLine.of(facts(WithdrawalStatus.WAITING_FOR_GAME, ReasonCode.NO_GAME_YET, false));
        assertEquals("waiting for the next state proposal to cover L2 block 683", p.waitingFor());
        assertEquals(List.of("DONE", "CURRENT", "EXPECTED", "EXPECTED"), states(p));
        assertEquals(Instant.ofEpochSecond(PROVEN_BY), p.steps().get(1).expectedAt());
        assertEquals(Instant.ofEpochSecond(FINALIZABLE), p.steps().get(2).expectedAt());
        assertEquals(Instant.ofEpochSecond(FINALIZED_BY), p.steps().get(3).expectedAt());
        assertEquals("0xl2", p.steps().get(0).txHash());
        assertEquals(683L, p.steps().get(0).block());
        assertNull(p.steps().get(0).at(), "the L2 block's time is not stored");
    }

    @Test
    void provenWaitsForMaturityWithTheProofsTransaction() {
        var p = ProgressLine.of(facts(WithdrawalStatus.PROVEN_MATURING, ReasonCode.PROOF_MATURING, true));
        assertEquals("proven — waiting for the proof to mature and the game to be final", p.waitingFor());
        assertEquals(List.of("DONE", "DONE", "CURRENT", "EXPECTED"), states(p));
        WithdrawalView.StepView proven = p.steps().get(1);
        assertEquals(PROVEN_AT, proven.at());
        assertEquals("0xprove", proven.txHash());
        assertEquals(40L, proven.block());
        assertNull(proven.expectedAt());
        assertEquals(Instant.ofEpochSecond(FINALIZABLE), p.steps().get(2).expectedAt());
        assertEquals("proven — waiting for the game to resolve",
                ProgressLine.of(facts(WithdrawalStatus.PROVEN_MATURING, ReasonCode.GAME_NOT_RESOLVED, true)).waitingFor());
    }

    @Test
    void finalizableHasMaturedAndWaitsForTheBatch() {
        var p = ProgressLine.of(facts(WithdrawalStatus.READY_TO_FINALIZE, null, true));
        assertEquals(List.of("DONE", "DONE", "DONE", "CURRENT"), states(p));
        assertEquals(Instant.ofEpochSecond(FINALIZABLE), p.steps().get(2).at());
        assertEquals("proof matured and game final — waiting for the next finalize batch", p.waitingFor());
        assertEquals("back in the queue: its batch ran out of gas for it — waiting for the next finalize batch",
                ProgressLine.of(facts(WithdrawalStatus.READY_TO_FINALIZE, ReasonCode.BATCH_OUT_OF_GAS, true)).waitingFor());
        assertEquals("in a finalize batch sent to L1 — waiting for it to be mined",
                ProgressLine.of(facts(WithdrawalStatus.FINALIZING, ReasonCode.IN_BATCH, true)).waitingFor());
    }

    @Test
    void finalizedCarriesItsTransactionAndTime() {
        var p = ProgressLine.of(facts(WithdrawalStatus.FINALIZED, ReasonCode.FINALIZED_BY_US, true));
        WithdrawalView.StepView finalized = p.steps().get(3);
        assertEquals(FINALIZED_AT, finalized.at());
        assertEquals("0xfinal", finalized.txHash());
        assertEquals(90L, finalized.block());
        assertFalse(p.retryable());
    }

    @Test
    void aSkipSaysWhyAndWhetherAnOperatorCanRetry() {
        var target = ProgressLine.of(facts(WithdrawalStatus.SKIPPED, ReasonCode.TARGET_FAILS, false));
        assertEquals("skipped: the L1 contract it calls would revert; an operator can retry it", target.waitingFor());
        assertTrue(target.retryable());
        assertEquals(List.of("DONE", "SKIPPED", "SKIPPED", "SKIPPED"), states(target));
        var afterProof = ProgressLine.of(facts(WithdrawalStatus.SKIPPED, ReasonCode.ATTEMPTS_EXHAUSTED, true));
        assertEquals(List.of("DONE", "DONE", "SKIPPED", "SKIPPED"), states(afterProof));
        assertTrue(afterProof.retryable());
        var policy = ProgressLine.of(facts(WithdrawalStatus.SKIPPED, ReasonCode.NOT_SELECTED, false));
        assertFalse(policy.retryable(), "the selection rules decide it again every pass");
        assertTrue(policy.waitingFor().startsWith("skipped: "));
    }

    @Test
    void needingANewProofIsBackOnTheProofStep() {
        var p = ProgressLine.of(facts(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID, true));
        assertEquals(List.of("DONE", "CURRENT", "EXPECTED", "EXPECTED"), states(p));
        assertNull(p.steps().get(1).txHash(), "the void proof is not shown as the step's transaction");
        assertTrue(p.waitingFor().contains("proven again"));
    }
}
