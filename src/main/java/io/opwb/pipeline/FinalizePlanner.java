package io.opwb.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.opwb.chain.CallOutcome;
import io.opwb.chain.WithdrawalKind;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.merkle.CalldataSize;
import io.opwb.merkle.GasModel;

/**
 * Which of the chosen withdrawals a finalize batch takes, and what it left out and why: every item's
 * target call and finalization are asked about first (through {@link Checks}), in order, until the
 * gas budget or the calldata limit is reached. Pure: no chain, no database; the stage gives it the
 * chain's answers, and tests give it made-up ones.
 */
final class FinalizePlanner {

    /**
     * How far a finalization alone may use more gas than our model's bound for its item (which
     * already has the portal's overhead and a margin) before its target is taken for one that takes
     * all the gas it is given: 21k intrinsic gas and a proxy call are outside the item's bound.
     */
    static final long SOLO_GAS_SLACK = 100_000;

    /** What the chain says about one item, all asked at the same L1 block. */
    interface Checks {
        /** Whether the portal's call to the withdrawal's target would succeed. */
        CallOutcome targetCall(WithdrawalTransaction tx);

        /** Whether the portal would finalize it with that submitter's proof, called by our batcher. */
        CallOutcome finalize(WithdrawalTransaction tx, String proofSubmitter);

        /** Gas of this finalization as one transaction of its own; null if unknown. */
        Long soloGas(WithdrawalTransaction tx, String proofSubmitter) throws IOException;
    }

    /** A withdrawal the window chose, with the proof it is ready with. */
    record Candidate<W>(W withdrawal, WithdrawalTransaction tx, String proofSubmitter) {
    }

    /** The batch's items in order (their withdrawals, submitters, calls, solo gas), its gas limit, and what was left out. */
    record Plan<W>(List<W> included, List<String> submitters, List<WithdrawalBatcher.FinalizeItem> items,
            List<Long> soloGas, long gas, LeftOut leftOut) {
    }

    private final BatchLimits limits;

    FinalizePlanner(BatchLimits limits) {
        this.limits = limits;
    }

    /**
     * @param block the L1 block the checks are asked at (what the left-out reasons refer to)
     * @throws LeftOut.PortalPaused when the portal refuses a finalization because it is paused: the
     *         chain is to be held, nothing is charged to any withdrawal
     */
    <W> Plan<W> plan(List<Candidate<W>> chosen, Checks checks, long block) throws LeftOut.PortalPaused, IOException {
        LeftOut leftOut = new LeftOut(block);
        List<W> included = new ArrayList<>();
        List<String> submitters = new ArrayList<>();
        List<WithdrawalBatcher.FinalizeItem> items = new ArrayList<>();
        List<Long> soloGas = new ArrayList<>();
        long gas = GasModel.BATCH_BASE_GAS;
        int bytes = CalldataSize.FINALIZE_BATCH_BASE;
        for (Candidate<W> c : chosen) {
            WithdrawalTransaction wtx = c.tx();
            String hash = wtx.hashHex();
            if (!leftOut.passed(hash, checks.targetCall(wtx), LeftOut.Why.TARGET_FAILS)
                    || !leftOut.passed(hash, checks.finalize(wtx, c.proofSubmitter()), LeftOut.Why.FAILED)) {
                continue;
            }
            long itemGas = GasModel.finalizeItem(wtx.gasLimit(), wtx.data().length);
            Long solo = checks.soloGas(wtx, c.proofSubmitter());
            if (solo != null && solo > itemGas + SOLO_GAS_SLACK && !WithdrawalKind.isMessage(wtx.sender(), wtx.data())) {
                // The portal gives the target all it has: a target that takes far more than its gas limit
                // implies would fail with the bounded gas of a batch, and its value would be lost. (A
                // messenger message is safe either way: a failed one stays replayable.)
                leftOut.add(hash, LeftOut.Why.TARGET_FAILS, "finalizing it alone uses " + solo + " gas, far above the "
                        + itemGas + " its gas limit " + wtx.gasLimit() + " implies: its target takes all the gas it is given");
                continue;
            }
            int itemBytes = CalldataSize.finalizeItem(wtx.data().length);
            if (limits.full(gas, bytes, itemGas, itemBytes, items.isEmpty())) {
                break;
            }
            gas += itemGas;
            bytes += itemBytes;
            items.add(new WithdrawalBatcher.FinalizeItem(Withdrawals.batcherStruct(wtx), c.proofSubmitter()));
            included.add(c.withdrawal());
            submitters.add(c.proofSubmitter());
            soloGas.add(solo);
        }
        return new Plan<>(included, submitters, items, soloGas, gas, leftOut);
    }
}
