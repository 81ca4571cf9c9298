package io.opwb.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.opwb.chain.CallOutcome;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.merkle.CalldataSize;
import io.opwb.merkle.GasModel;
import io.opwb.merkle.SharedProofNodes;

/**
 * Which of the chosen withdrawals a prove batch takes, with their storage proofs, and what it left
 * out and why: every item's target call and proof are asked about first (through {@link Checks}), in
 * order, until the gas budget or the calldata limit (proof nodes shared by items counted once) is
 * reached. Pure: the stage gives it the chain's answers, and tests give it made-up ones.
 */
final class ProvePlanner {

    /** What the chain says about one item, all asked at the same L1 block, against the batch's game. */
    interface Checks {
        /** Whether the portal's call to the withdrawal's target would succeed (checked before proving: see Simulator). */
        CallOutcome targetCall(WithdrawalTransaction tx);

        /** Whether the portal would take this proof from our batcher. */
        CallOutcome prove(WithdrawalTransaction tx, List<byte[]> proof);

        /** Gas of this proof as one transaction of its own; null if unknown. */
        Long soloGas(WithdrawalTransaction tx, List<byte[]> proof);
    }

    /** A withdrawal the window chose, with its storage proof at the game's L2 block. */
    record Candidate<W>(W withdrawal, WithdrawalTransaction tx, List<byte[]> proof) {
    }

    /** The batch's items in order (their withdrawals, calls, solo gas), the shared proof nodes, its gas limit, and what was left out. */
    record Plan<W>(List<W> included, List<WithdrawalBatcher.ProveItem> items, SharedProofNodes nodes, List<Long> soloGas,
            long gas, LeftOut leftOut) {
    }

    private final BatchLimits limits;

    ProvePlanner(BatchLimits limits) {
        this.limits = limits;
    }

    /**
     * @param baseBytes the calldata of the batch call without items (more for a super-root game)
     * @param block the L1 block the checks are asked at (what the left-out reasons refer to)
     * @throws LeftOut.PortalPaused when the portal refuses a proof because it is paused: the chain is
     *         to be held, nothing is charged to any withdrawal
     */
    <W> Plan<W> plan(List<Candidate<W>> chosen, int baseBytes, Checks checks, long block) throws LeftOut.PortalPaused {
        LeftOut leftOut = new LeftOut(block);
        List<W> included = new ArrayList<>();
        List<WithdrawalBatcher.ProveItem> items = new ArrayList<>();
        List<Long> soloGas = new ArrayList<>();
        SharedProofNodes nodes = new SharedProofNodes();
        long gas = GasModel.BATCH_BASE_GAS;
        int bytes = baseBytes;
        for (Candidate<W> c : chosen) {
            WithdrawalTransaction wtx = c.tx();
            String hash = wtx.hashHex();
            List<byte[]> proof = c.proof();
            if (!leftOut.passed(hash, checks.targetCall(wtx), LeftOut.Why.TARGET_FAILS)
                    || !leftOut.passed(hash, checks.prove(wtx, proof), LeftOut.Why.FAILED)) {
                continue;
            }
            long itemGas = GasModel.proveItem(proof.size(), wtx.data().length);
            int itemBytes = CalldataSize.proveItem(proof.size(), wtx.data().length) + nodes.newNodeBytes(proof);
            if (limits.full(gas, bytes, itemGas, itemBytes, items.isEmpty())) {
                break;
            }
            gas += itemGas;
            bytes += itemBytes;
            items.add(new WithdrawalBatcher.ProveItem(Withdrawals.batcherStruct(wtx), nodes.add(proof)));
            included.add(c.withdrawal());
            soloGas.add(checks.soloGas(wtx, proof));
        }
        return new Plan<>(included, items, nodes, soloGas, gas, leftOut);
    }
}
