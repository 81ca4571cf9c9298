package io.opwb.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opwb.storage.ReasonCode;
import io.opwb.storage.WithdrawalStatus;

/**
 * A withdrawal's life as four steps for people — initiated on L2, proven on L1, proof matured and game
 * final, finalized — each done, current, expected or skipped, with what it waits for now in plain
 * words (no times: the page adds "expected in about …" from the step's {@code expectedAt}). Pure: from
 * the status, its reason code, the ETA and the transactions already known; nothing is decided here.
 */
final class ProgressLine {

    enum Step { INITIATED, PROVEN, MATURED, FINALIZED }

    enum State { DONE, CURRENT, EXPECTED, SKIPPED }

    /**
     * What the line is drawn from. Times are null when unknown; {@code proven}: a proof on the portal is
     * known (ours or anyone's), which decides where a skipped withdrawal stopped.
     */
    record Facts(WithdrawalStatus status, ReasonCode reasonCode, long l2BlockNumber, String l2TxHash,
            Instant initiatedAt, boolean proven, Instant provenAt, String proveTxHash, Long proveBlock,
            Instant finalizedAt, String finalizeTxHash, Long finalizeBlock, Long etaProvenBy, Long etaFinalizableAt,
            Long etaFinalizedBy) {
    }

    private ProgressLine() {
    }

    static WithdrawalView.ProgressView of(Facts f) {
        int current = currentStep(f);
        boolean skipped = f.status() == WithdrawalStatus.SKIPPED;
        List<WithdrawalView.StepView> steps = new ArrayList<>(4);
        for (Step step : Step.values()) {
            int i = step.ordinal();
            State state = i < current ? State.DONE : skipped ? State.SKIPPED : i == current ? State.CURRENT : State.EXPECTED;
            steps.add(step(step, state, f));
        }
        boolean open = !f.status().isFinal();
        return new WithdrawalView.ProgressView(steps, waitingFor(f),
                open && f.reasonCode() != null ? f.reasonCode().name() : null, retryable(f.status(), f.reasonCode()));
    }

    /** The first step not done: 4 when all are. */
    static int currentStep(Facts f) {
        return switch (f.status()) {
            case WAITING_FOR_GAME, READY_TO_PROVE, PROVING, NEEDS_REPROVE -> Step.PROVEN.ordinal();
            case PROVEN_MATURING -> Step.MATURED.ordinal();
            case READY_TO_FINALIZE, FINALIZING -> Step.FINALIZED.ordinal();
            case FINALIZED, FINALIZED_FAILED_CALL -> Step.values().length;
            // Where it stopped: once proven, the steps after the proof are the ones not taken.
            case SKIPPED -> f.proven() ? Step.MATURED.ordinal() : Step.PROVEN.ordinal();
        };
    }

    private static WithdrawalView.StepView step(Step step, State state, Facts f) {
        boolean done = state == State.DONE;
        return switch (step) {
            case INITIATED -> new WithdrawalView.StepView(step.name(), state.name(), f.initiatedAt(), null, "L2",
                    f.l2TxHash(), f.l2BlockNumber());
            case PROVEN -> new WithdrawalView.StepView(step.name(), state.name(), done ? f.provenAt() : null,
                    expected(state, f.etaProvenBy()), "L1", done ? f.proveTxHash() : null, done ? f.proveBlock() : null);
            // The ETA's finalizable time is when it matured, once it has (it is kept until the withdrawal is final).
            case MATURED -> new WithdrawalView.StepView(step.name(), state.name(),
                    done && f.etaFinalizableAt() != null ? Instant.ofEpochSecond(f.etaFinalizableAt()) : null,
                    expected(state, f.etaFinalizableAt()), "L1", null, null);
            case FINALIZED -> new WithdrawalView.StepView(step.name(), state.name(), done ? f.finalizedAt() : null,
                    expected(state, f.etaFinalizedBy()), "L1", done ? f.finalizeTxHash() : null,
                    done ? f.finalizeBlock() : null);
        };
    }

    private static Instant expected(State state, Long epochSeconds) {
        return (state == State.CURRENT || state == State.EXPECTED) && epochSeconds != null
                ? Instant.ofEpochSecond(epochSeconds) : null;
    }

    /** An operator's retry ({@code POST /api/admin/withdrawals/{hash}/retry}) can change the outcome. */
    static boolean retryable(WithdrawalStatus status, ReasonCode code) {
        return status == WithdrawalStatus.SKIPPED && (code == null || !code.isPolicySkip());
    }

    /** What it waits for now, for people; null once final. */
    static String waitingFor(Facts f) {
        ReasonCode code = f.reasonCode();
        return switch (f.status()) {
            case WAITING_FOR_GAME -> code == ReasonCode.OPERATOR_RETRY
                    ? "retried by an operator — its status is worked out again on the next pass"
                    : "waiting for the next state proposal to cover L2 block " + f.l2BlockNumber();
            case READY_TO_PROVE -> queued(code, "a state proposal covers it", "prove");
            case PROVING -> inFlight(code, "prove");
            case PROVEN_MATURING -> maturing(code);
            case READY_TO_FINALIZE -> queued(code, "proof matured and game final", "finalize");
            case FINALIZING -> inFlight(code, "finalize");
            case NEEDS_REPROVE -> "the game of its proof can no longer finalize it — waiting to be proven again";
            case SKIPPED -> skipped(code);
            case FINALIZED, FINALIZED_FAILED_CALL -> null;
        };
    }

    private static String queued(ReasonCode code, String standing, String batch) {
        String next = "waiting for the next " + batch + " batch";
        if (code == null) {
            return standing + " — " + next;
        }
        return switch (code) {
            case BATCH_OUT_OF_GAS -> "back in the queue: its batch ran out of gas for it — " + next;
            case BATCH_FAILED -> "back in the queue: its batch failed for a reason not its own — " + next;
            case MANIFEST_RETURNED -> "back in the queue: a signed batch expired unsent — " + next;
            case ATTEMPT_FAILED -> "back in the queue after a failed attempt — " + next;
            case HELD -> "held this round: the L1 node gave no answer about it — " + next;
            case TARGET_FAILED_ONCE -> "the L1 contract it calls would revert now; it is checked again at a later"
                    + " block before it is skipped — " + next;
            case OPERATOR_RETRY -> "retried by an operator — " + next;
            default -> standing + " — " + next;
        };
    }

    private static String inFlight(ReasonCode code, String batch) {
        return (code == ReasonCode.IN_BATCH_AFTER_REORG ? "in a " + batch + " batch again after an L1 reorg"
                : "in a " + batch + " batch sent to L1") + " — waiting for it to be mined";
    }

    private static String maturing(ReasonCode code) {
        if (code == null) {
            return "proven — waiting for the proof to mature and the game to be final";
        }
        return switch (code) {
            case GAME_NOT_RESOLVED -> "proven — waiting for the game to resolve";
            case GAME_NOT_FINAL -> "proven — the game resolved; waiting for it to be final";
            case CHAIN_CHECK -> "proven, matured and final by our records — waiting for the L1 portal to agree";
            default -> "proven — waiting for the proof to mature and the game to be final";
        };
    }

    private static String skipped(ReasonCode code) {
        if (code == null) {
            return "skipped; an operator can retry it";
        }
        return switch (code) {
            case NOT_SELECTED -> "skipped: this service's selection rules leave it out (anyone may still prove and"
                    + " finalize it)";
            case GAS_LIMIT_TOO_HIGH -> "skipped: its gas limit is too high to fit in a batch (anyone may still prove"
                    + " and finalize it alone)";
            case TARGET_FAILS -> "skipped: the L1 contract it calls would revert; an operator can retry it";
            case ATTEMPTS_EXHAUSTED -> "skipped: it failed as many times as allowed; an operator can retry it";
            default -> "skipped; an operator can retry it";
        };
    }

    /**
     * A reason code in plain words, for counts by reason (the dashboard). Null: nothing needs saying — in the
     * queue for the next prove or finalize batch, or newly indexed (the counts group by code, not by status).
     */
    static String reasonInWords(ReasonCode code) {
        if (code == null) {
            return "in the queue for the next batch, or newly indexed";
        }
        return switch (code) {
            case NO_GAME_YET -> "waiting for a state proposal to cover it";
            case NOT_SELECTED -> "left out by the selection rules";
            case GAS_LIMIT_TOO_HIGH -> "gas limit too high for a batch";
            case PROOF_MATURING -> "proven, the proof maturing";
            case GAME_NOT_RESOLVED -> "proven, the game not resolved yet";
            case GAME_NOT_FINAL -> "proven, the game resolved but not final yet";
            case CHAIN_CHECK -> "waiting for the L1 portal to agree it is finalizable";
            case PROOF_VOID -> "must be proven again: its game can no longer finalize it";
            case IN_BATCH -> "in a batch sent to L1";
            case IN_BATCH_AFTER_REORG -> "in a batch again after an L1 reorg";
            case PROVEN_BY_US -> "proven by us";
            case FINALIZED_BY_US -> "finalized by us";
            case TARGET_CALL_FAILED -> "finalized; the call to its target failed";
            case FINALIZED_BY_OTHER -> "finalized by someone else";
            case BATCH_OUT_OF_GAS -> "back in the queue: its batch ran out of gas";
            case BATCH_FAILED -> "back in the queue: its batch failed";
            case MANIFEST_RETURNED -> "back in the queue: a signed batch expired unsent";
            case ATTEMPT_FAILED -> "back in the queue after a failed attempt";
            case ATTEMPTS_EXHAUSTED -> "failed as many times as allowed";
            case HELD -> "held: the L1 node gave no answer about it";
            case TARGET_FAILED_ONCE -> "its L1 target would revert now; checked again later";
            case TARGET_FAILS -> "its L1 target would revert";
            case OPERATOR_RETRY -> "retried by an operator";
        };
    }
}
