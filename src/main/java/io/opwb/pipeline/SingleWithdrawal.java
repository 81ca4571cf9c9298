package io.opwb.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.utils.Numeric;

import io.opwb.chain.ChainContext;
import io.opwb.chain.Chains;
import io.opwb.lifecycle.StatusTracker;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchRepository;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.ItemOutcome;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.Panache;

/**
 * One withdrawal by hand (the command line's {@code prove} and {@code finalize}): the database
 * brought up to the chains' heads, the withdrawal's status decided by the same rules as the
 * service's, then a batch of one built, simulated and sent by the same stages, and followed until
 * its receipt is final. Only while holding the worker lease: never beside a running service.
 */
@ApplicationScoped
public class SingleWithdrawal {


    private final PipelineCycle cycle;
    private final Chains chains;
    private final StatusTracker tracker;
    private final ProveStage prove;
    private final FinalizeStage finalize;
    private final ReceiptStage receipts;
    private final WorkerLease lease;
    private final Tx tx;
    private final PipelineConfig config;
    private final ManifestConfig manifests;
    private final DryRun dryRun;
    private final jakarta.enterprise.inject.Instance<io.opwb.submission.SignerKey> key;
    private final io.opwb.chain.ChainClients clients;

    private final WithdrawalRepository withdrawals;
    private final BatchRepository batches;

    public SingleWithdrawal(PipelineCycle cycle, Chains chains, StatusTracker tracker, ProveStage prove,
            FinalizeStage finalize, ReceiptStage receipts, WorkerLease lease, Tx tx, PipelineConfig config,
            ManifestConfig manifests, DryRun dryRun, jakarta.enterprise.inject.Instance<io.opwb.submission.SignerKey> key,
            io.opwb.chain.ChainClients clients,
            WithdrawalRepository withdrawals, BatchRepository batches) {
        this.withdrawals = withdrawals;
        this.batches = batches;
        this.key = key;
        this.clients = clients;
        this.cycle = cycle;
        this.chains = chains;
        this.tracker = tracker;
        this.prove = prove;
        this.finalize = finalize;
        this.receipts = receipts;
        this.lease = lease;
        this.tx = tx;
        this.config = config;
        this.manifests = manifests;
        this.dryRun = dryRun;
    }

    /**
     * What a command did: the batch (a dry-run batch in dry-run mode: no batch status and no item outcome), and
     * the withdrawal as it is now.
     */
    public record Outcome(long batchId, boolean dryRun, BatchStatus batchStatus, ItemOutcome itemOutcome, String itemReason,
            WithdrawalEntity withdrawal) {
    }

    /** Indexes the chains to their heads and decides every status. */
    public void catchUp() throws Exception {
        cycle.catchUp();
    }

    /**
     * The withdrawal with this withdrawal hash, else the one withdrawal this L2 transaction initiated.
     * Fails with a one-line reason when there is none, or several.
     */
    public WithdrawalEntity find(String hash) {
        byte[] bytes = Numeric.hexStringToByteArray(hash);
        List<WithdrawalEntity> found = tx.read(() -> withdrawals.findByHash(bytes, null));
        if (found.isEmpty()) {
            found = tx.read(() -> withdrawals.findByL2TxHash(bytes));
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no withdrawal with hash " + hash + ", nor one initiated by an L2 "
                    + "transaction with that hash, on " + chains.all().stream().map(ChainContext::name).toList()
                    + " (indexed up to the chains' heads)");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException(hash + " names " + found.size() + " withdrawals: give one of their "
                    + "withdrawal hashes: " + found.stream().map(w -> Numeric.toHexString(w.withdrawalHash)).toList());
        }
        return found.get(0);
    }

    /** Proves it now in a batch of one, and follows the batch until it is final or {@code wait} passed. */
    public Outcome prove(String hash, Duration wait) throws Exception {
        return send(hash, true, wait);
    }

    /** Finalizes it now in a batch of one, and follows the batch until it is final or {@code wait} passed. */
    public Outcome finalize(String hash, Duration wait) throws Exception {
        return send(hash, false, wait);
    }

    private Outcome send(String hash, boolean proving, Duration wait) throws Exception {
        if (config.mode() == PipelineConfig.Mode.READ_ONLY) {
            throw new IllegalStateException("read-only mode: nothing is sent (OPWB_PIPELINE_MODE=send, or dry-run "
                    + "to simulate)");
        }
        if (manifests.enabled()) {
            throw new IllegalStateException("the command line sends operator batches; manifest mode is on "
                    + "(opwb.manifest.enabled)");
        }
        if (dryRun.active()) {
            SubmissionKeyCheck.checkDryRun(config, manifests, key);
        } else {
            SubmissionKeyCheck.check(key.get()); // before anything else: the key to fix, or read-only
        }
        SubmissionKeyCheck.checkBatchers(chains, clients.l1());
        if (!lease.acquireOrRenew()) {
            throw new IllegalStateException("another replica holds the worker lease (a running service sends for "
                    + "this database): stop it, or let it do the work");
        }
        catchUp();
        WithdrawalEntity w = find(hash);
        ChainContext chain = chains.byId(w.l2ChainId).orElseThrow();
        String what = proving ? "prove" : "finalize";
        Set<WithdrawalStatus> ready = proving ? Set.of(WithdrawalStatus.READY_TO_PROVE, WithdrawalStatus.NEEDS_REPROVE)
                : Set.of(WithdrawalStatus.READY_TO_FINALIZE);
        if (!ready.contains(w.status)) {
            throw new IllegalStateException("withdrawal " + Numeric.toHexString(w.withdrawalHash) + " is " + w.status
                    + (w.statusReason == null ? "" : " (" + w.statusReason + ")") + ": not ready to " + what);
        }
        Long id = proving ? prove.proveNow(chain, tracker.context(chain), List.of(w))
                : finalize.finalizeNow(chain, List.of(w));
        if (id == null) {
            WithdrawalEntity now = find(hash);
            throw new IllegalStateException("not sent: the simulation says " + now.status
                    + (now.statusReason == null ? "" : " (" + now.statusReason + ")"));
        }
        if (dryRun.active()) {
            return new Outcome(id, true, null, null, null, find(hash));
        }
        BatchEntity batch = awaitFinal(chain, id, wait);
        // A batch of one: its only item.
        io.opwb.storage.BatchItemEntity item = tx.read(() -> batches.items(id)).get(0);
        return new Outcome(id, false, batch.status, item.outcome, item.reason, find(hash));
    }

    /** Follows receipts (and statuses) until the batch is confirmed, reverted or dropped, or the wait is over. */
    private BatchEntity awaitFinal(ChainContext chain, long id, Duration wait) throws Exception {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            lease.acquireOrRenew();
            cycle.catchUp(); // the receipt stage waits for the L1 indexer to have read the receipt's block
            receipts.run();
            BatchEntity batch = tx.read(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, id)));
            if (batch.status.isFinal()) {
                cycle.catchUp(); // the portal's events of our batch, and the new status
                return batch;
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("batch #" + id + " is still " + batch.status + " after " + wait
                        + "; the service follows it when it runs (or run the command again with a longer --wait)");
            }
            Thread.sleep(1_000);
        }
    }
}
