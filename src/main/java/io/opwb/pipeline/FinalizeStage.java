package io.opwb.pipeline;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.batching.BatchWindow;
import io.opwb.batching.BatchingConfig;
import io.opwb.chain.ChainContext;
import io.opwb.chain.PortalContracts;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.merkle.GasModel;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;

/**
 * Builds and sends a finalize batch when the window says so: each item with the proof it is
 * ready with (ours or another submitter's), every item and its target call simulated first.
 */
@ApplicationScoped
public class FinalizeStage {

    private final Tx tx;
    private final Simulator simulator;
    private final BatchSender sender;
    private final BatchOutlet outlet;
    private final FeeGate feeGate;
    private final DryRun dryRun;
    private final SubmissionHolds holds;
    private final WithdrawalRepository withdrawals;
    private final FinalizePlanner planner;

    public FinalizeStage(Tx tx, Simulator simulator, BatchSender sender, BatchOutlet outlet, BatchingConfig batching,
            FeeGate feeGate, DryRun dryRun, SubmissionHolds holds, WithdrawalRepository withdrawals) {
        this.withdrawals = withdrawals;
        this.dryRun = dryRun;
        this.holds = holds;
        this.tx = tx;
        this.simulator = simulator;
        this.sender = sender;
        this.outlet = outlet;
        this.feeGate = feeGate;
        this.planner = new FinalizePlanner(new BatchLimits(batching.gasBudget(), batching.maxCalldataBytes(),
                outlet.oneTransaction()));
    }

    /** Returns the id of the batch it sent (in manifest mode: of the manifest it signed), or null. */
    @WithSpan("batch.build.finalize")
    public Long run(ChainContext chain) throws Exception {
        List<WithdrawalEntity> ready = tx.read(() -> withdrawals.readyToFinalize(chain.id(),
                2 * outlet.maxItems(), dryRun.active()));
        var decision = outlet.window().decide(ready.stream().map(w -> new BatchWindow.Candidate<>(w,
                w.statusUpdatedAt.toInstant(), GasModel.finalizeItem(w.gasLimit.toBigIntegerExact(), w.data.length)))
                .toList(), GasModel.BATCH_BASE_GAS, Instant.now());
        if (!decision.submit() || !feeGate.allows(chain.name() + " finalize", Withdrawals.oldestReadySince(decision.items()))) {
            return null;
        }
        outlet.checkFees();
        return build(chain, decision.items());
    }

    /**
     * Finalizes these withdrawals now, whatever the batch window and the fee gate say (an operator's
     * command); returns the batch id, or null when none could be included (their reasons recorded).
     */
    public Long finalizeNow(ChainContext chain, List<WithdrawalEntity> withdrawals) throws Exception {
        return build(chain, withdrawals);
    }

    private Long build(ChainContext chain, List<WithdrawalEntity> chosen) throws Exception {
        PortalContracts contracts = chain.contracts();
        BigInteger block = simulator.head();
        FinalizePlanner.Plan<WithdrawalEntity> plan;
        try {
            plan = planner.plan(chosen.stream().map(w -> new FinalizePlanner.Candidate<>(w, Withdrawals.transaction(w),
                    Withdrawals.hex(w.proofSubmitter))).toList(), checks(contracts, block), block.longValueExact());
        } catch (LeftOut.PortalPaused paused) {
            holds.hold(chain, "the portal refused a simulation: " + paused.getMessage());
            return null;
        }
        LeftOut leftOut = plan.leftOut();
        if (plan.included().isEmpty()) {
            sender.recordLeftOut(chain.id(), leftOut, false);
            return null;
        }
        return outlet.accept(chain, new BatchOutlet.Planned(BatchKind.FINALIZE, null, plan.included(),
                plan.submitters(), plan.soloGas(), leftOut, contracts.batcherAddress(),
                () -> contracts.batcherForEncoding().finalizeBatch(plan.items()).encodeFunctionCall(), plan.gas()));
    }

    /** The chain's answers for the planner, all at one L1 block. */
    private FinalizePlanner.Checks checks(PortalContracts contracts, BigInteger block) {
        return new FinalizePlanner.Checks() {
            @Override
            public io.opwb.chain.CallOutcome targetCall(WithdrawalTransaction tx) {
                return simulator.targetCall(contracts, block, tx);
            }

            @Override
            public io.opwb.chain.CallOutcome finalize(WithdrawalTransaction tx, String proofSubmitter) {
                return simulator.finalize(contracts, block, tx, proofSubmitter);
            }

            @Override
            public Long soloGas(WithdrawalTransaction tx, String proofSubmitter) throws java.io.IOException {
                return simulator.soloFinalizeGas(contracts, tx, proofSubmitter);
            }
        };
    }
}
