package io.opwb.pipeline;

import java.util.List;
import java.util.function.Supplier;

import io.opwb.batching.BatchWindow;
import io.opwb.chain.ChainContext;
import io.opwb.storage.BatchKind;
import io.opwb.storage.WithdrawalEntity;

/**
 * Where a planned prove or finalize batch goes, chosen once at start by the mode
 * ({@link BatchOutlets}): one L1 transaction of ours ({@link BatchSender}, which in dry-run mode
 * simulates and records it instead), or a signed manifest whose chunks {@link ManifestExecutor}
 * sends later. The stages choose and plan; the outlet takes what they planned.
 */
interface BatchOutlet {

    /**
     * A planned batch.
     *
     * @param proofSubmitters whose proof each finalization uses; null for a prove batch
     * @param calldata our batcher's call, built only by an outlet that sends it
     */
    record Planned(BatchKind kind, Long gameIndex, List<WithdrawalEntity> included, List<String> proofSubmitters,
            List<Long> soloGas, LeftOut leftOut, String batcher, Supplier<String> calldata, long gasLimit) {
    }

    /** The batch window the stages decide with. */
    BatchWindow window();

    /** The most withdrawals one batch holds. */
    int maxItems();

    /** Whether a batch is one L1 transaction, bound by the gas budget and the calldata limit (a manifest's chunks are). */
    boolean oneTransaction();

    /** Why it cannot take a batch against a super-root game, or null when it can. */
    String superRootRefusal();

    /** Before a batch is built: throws when no batch could be sent now (the fee cap), so none is built in vain. */
    void checkFees() throws Exception;

    /** Takes the batch (its left-out withdrawals recorded too); returns the id of what it sent or recorded. */
    Long accept(ChainContext chain, Planned batch) throws Exception;
}
