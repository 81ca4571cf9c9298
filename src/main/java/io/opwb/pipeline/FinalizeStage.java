package io.opwb.pipeline;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;


import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.batching.BatchWindow;
import io.opwb.batching.BatchingConfig;
import io.opwb.chain.ChainContext;
import io.opwb.chain.PortalContracts;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.merkle.CalldataSize;
import io.opwb.merkle.GasModel;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.Panache;

/**
 * Builds and sends a finalize batch when the window says so: each item with the proof it is
 * ready with (ours or another submitter's), every item and its target call simulated first.
 */
@ApplicationScoped
public class FinalizeStage {

    /**
     * How far a finalization alone may use more gas than our model's bound for its item (which
     * already has the portal's overhead and a margin) before its target is taken for one that takes
     * all the gas it is given: 21k intrinsic gas and a proxy call are outside the item's bound.
     */
    static final long SOLO_GAS_SLACK = 100_000;

    private final Tx tx;
    private final Simulator simulator;
    private final BatchSender sender;
    private final BatchingConfig batching;
    private final BatchWindow window;
    private final FeeGate feeGate;
    private final ManifestConfig manifestConfig;
    private final ManifestBook manifests;
    private final DryRun dryRun;
    private final SubmissionHolds holds;

    public FinalizeStage(Tx tx, Simulator simulator,
            BatchSender sender, BatchingConfig batching, FeeGate feeGate, ManifestConfig manifestConfig,
            ManifestBook manifests, DryRun dryRun, SubmissionHolds holds) {
        this.dryRun = dryRun;
        this.holds = holds;
        this.tx = tx;
        this.simulator = simulator;
        this.sender = sender;
        this.batching = batching;
        this.manifestConfig = manifestConfig;
        this.manifests = manifests;
        // A manifest is not bound by one transaction's gas: its chunks are.
        this.window = manifestConfig.enabled()
                ? new BatchWindow(manifestConfig.maxItems(), batching.maxAge(), Long.MAX_VALUE / 4)
                : BatchWindow.from(batching);
        this.feeGate = feeGate;
    }

    /** Returns the id of the batch it sent (in manifest mode: of the manifest it signed), or null. */
    @WithSpan("batch.build.finalize")
    public Long run(ChainContext chain) throws Exception {
        List<WithdrawalEntity> ready = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from WithdrawalEntity w where w.l2ChainId = :c and w.status = :ready and w.selected = true "
                        + "and w.proofSubmitter is not null" + dryRun.notYetSimulated(BatchEntity.FINALIZE)
                        + " order by w.statusUpdatedAt, w.l2BlockNumber, w.l2LogIndex",
                WithdrawalEntity.class).setParameter("c", chain.id())
                .setParameter("ready", WithdrawalStatus.READY_TO_FINALIZE).setMaxResults(Withdrawals.candidateLimit(batching, manifestConfig)).getResultList()));
        var decision = window.decide(ready.stream().map(w -> new BatchWindow.Candidate<>(w,
                w.statusUpdatedAt.toInstant(), GasModel.finalizeItem(w.gasLimit.toBigIntegerExact(), w.data.length)))
                .toList(), GasModel.BATCH_BASE_GAS, Instant.now());
        if (!decision.submit() || !feeGate.allows(chain.name() + " finalize", Withdrawals.oldestReadySince(decision.items()))) {
            return null;
        }
        sender.checkFees();
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
        LeftOut leftOut = new LeftOut(block.longValueExact());
        List<WithdrawalEntity> included = new ArrayList<>();
        List<String> submitters = new ArrayList<>();
        List<WithdrawalBatcher.FinalizeItem> items = new ArrayList<>();
        List<Long> soloGas = new ArrayList<>();
        long gas = GasModel.BATCH_BASE_GAS;
        int bytes = CalldataSize.FINALIZE_BATCH_BASE;
        try {
            for (WithdrawalEntity w : chosen) {
                WithdrawalTransaction wtx = Withdrawals.transaction(w);
                String hash = wtx.hashHex();
                String submitter = Withdrawals.hex(w.proofSubmitter);
                if (!leftOut.passed(hash, simulator.targetCall(contracts, block, wtx), LeftOut.Why.TARGET_FAILS)
                        || !leftOut.passed(hash, simulator.finalize(contracts, block, wtx, submitter), LeftOut.Why.FAILED)) {
                    continue;
                }
                long itemGas = GasModel.finalizeItem(wtx.gasLimit(), wtx.data().length);
                Long solo = simulator.soloFinalizeGas(contracts, wtx, submitter);
                if (solo != null && solo > itemGas + SOLO_GAS_SLACK
                        && !io.opwb.chain.WithdrawalKind.isMessage(wtx.sender(), wtx.data())) {
                    // The portal gives the target all it has: a target that takes far more than its gas limit
                    // implies would fail with the bounded gas of a batch, and its value would be lost. (A
                    // messenger message is safe either way: a failed one stays replayable.)
                    leftOut.add(hash, LeftOut.Why.TARGET_FAILS, "finalizing it alone uses " + solo
                            + " gas, far above the " + itemGas + " its gas limit " + wtx.gasLimit()
                            + " implies: its target takes all the gas it is given");
                    continue;
                }
                int itemBytes = CalldataSize.finalizeItem(wtx.data().length);
                if (!manifestConfig.enabled() && (gas + itemGas > batching.gasBudget()
                        || !items.isEmpty() && bytes + itemBytes > batching.maxCalldataBytes())) {
                    break;
                }
                gas += itemGas;
                bytes += itemBytes;
                items.add(new WithdrawalBatcher.FinalizeItem(Withdrawals.batcherStruct(wtx), submitter));
                included.add(w);
                submitters.add(submitter);
                soloGas.add(solo);
            }
        } catch (LeftOut.PortalPaused paused) {
            holds.hold(chain, "the portal refused a simulation: " + paused.getMessage());
            return null;
        }
        if (included.isEmpty()) {
            sender.recordLeftOut(chain.id(), leftOut, false);
            return null;
        }
        if (manifestConfig.enabled()) {
            sender.recordLeftOut(chain.id(), leftOut, false);
            return manifests.record(chain, new ManifestBook.Contents(BatchEntity.FINALIZE, null, included, submitters,
                    soloGas));
        }
        WithdrawalBatcher batcher = contracts.batcherForEncoding();
        String calldata = batcher.finalizeBatch(items).encodeFunctionCall();
        return sender.send(new BatchSender.Batch(BatchEntity.FINALIZE, null, included, submitters,
                contracts.batcherAddress(), calldata, gas, soloGas, leftOut));
    }
}
