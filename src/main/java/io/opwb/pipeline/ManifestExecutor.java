package io.opwb.pipeline;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.batching.BatchingConfig;
import io.opwb.batching.ChunkPlan;
import io.opwb.chain.ChainClients;
import io.opwb.chain.OutputRoot;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.PortalContracts;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.merkle.CalldataSize;
import io.opwb.merkle.GasModel;
import io.opwb.merkle.SharedProofNodes;
import io.opwb.merkle.StandardMerkleTree;
import io.opwb.proof.StorageProofs;
import io.opwb.storage.BatchKind;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.ManifestEntity;
import io.opwb.storage.ManifestItemEntity;
import io.opwb.storage.ManifestRepository;
import io.opwb.storage.ManifestStatus;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.submission.TxManager;
import io.quarkus.hibernate.reactive.panache.Panache;

/**
 * Sends what signed manifests still owe: their leaves not yet in a chunk are cut into chunks under
 * the gas budget, each an L1 transaction with its items' multiproof, and the chunks are spread over
 * the submitter keys, which keep their own nonces, so they go out side by side. A manifest whose
 * deadline is near gives its unsent withdrawals back to the queue.
 */
@ApplicationScoped
public class ManifestExecutor {

    private static final Logger LOG = Logger.getLogger(ManifestExecutor.class);

    private final Tx tx;
    private final ChainClients clients;
    private final io.opwb.chain.Chains chains;
    private final BatchSender sender;
    private final TxManager txManager;
    private final BatchingConfig batching;
    private final ManifestConfig config;
    private final BatchMetrics metrics;
    private final ManifestRepository manifests;

    private final WithdrawalRepository withdrawals;

    public ManifestExecutor(Tx tx, ChainClients clients, io.opwb.chain.Chains chains, BatchSender sender,
            TxManager txManager, BatchingConfig batching, ManifestConfig config, BatchMetrics metrics,
            ManifestRepository manifests, WithdrawalRepository withdrawals) {
        this.withdrawals = withdrawals;
        this.manifests = manifests;
        this.metrics = metrics;
        this.tx = tx;
        this.clients = clients;
        this.chains = chains;
        this.sender = sender;
        this.txManager = txManager;
        this.batching = batching;
        this.config = config;
    }

    /** Every chain's open manifests; returns the ids of the chunks (batches) it sent. */
    @WithSpan("manifest.execute")
    public List<Long> run() throws Exception {
        List<ManifestEntity> open = tx.read(manifests::open);
        List<Long> sent = new ArrayList<>();
        for (ManifestEntity m : open) {
            sent.addAll(execute(m));
        }
        return sent;
    }

    private List<Long> execute(ManifestEntity m) throws Exception {
        io.opwb.chain.ChainContext chain = chains.of(m.l2ChainId);
        PortalContracts contracts = chain.contracts();
        List<ManifestItemEntity> leaves = tx.read(() -> manifests.leaves(m.id));
        List<ManifestItemEntity> pending = leaves.stream().filter(l -> l.batchId == null).toList();
        if (pending.isEmpty()) {
            setStatus(m.id, ManifestStatus.SENT);
            return List.of();
        }
        if (clients.l1Now() + config.deadlineMargin().toSeconds() > m.deadline) {
            release(m, pending, "its manifest #" + m.id + " expires before a chunk could be mined");
            return List.of();
        }
        boolean prove = m.kind == BatchKind.PROVE;
        Map<String, WithdrawalEntity> withdrawals = withdrawals(m.l2ChainId, pending);
        List<WithdrawalTransaction> txs = pending.stream()
                .map(l -> Withdrawals.transaction(withdrawals.get(Numeric.toHexString(l.withdrawalHash)))).toList();

        OutputRoot root = null;
        StorageProofs.Result proofs = null;
        if (prove) {
            DisputeGameEntity game = tx.read(() -> Panache.getSession()
                    .chain(s -> s.find(DisputeGameEntity.class, new io.opwb.storage.GameKey(m.l2ChainId, m.gameIndex))));
            if (game.superRoot()) { // ProveStage signs no such manifest; one from an older version is let go
                release(m, pending, "game #" + m.gameIndex + " of manifest #" + m.id + " is a super-root game: "
                        + "manifest mode does not prove against super roots");
                return List.of();
            }
            var matching = new OutputRootReader(chain.l2()).matching(game.l2BlockNumber, game.outputRootOfChain());
            if (matching.isEmpty()) {
                release(m, pending, "game #" + m.gameIndex + " of manifest #" + m.id + " no longer matches our L2 node");
                return List.of();
            }
            root = matching.get();
            proofs = new StorageProofs(chain.l2()).at(root.l2BlockNumber(),
                    txs.stream().map(WithdrawalTransaction::storageSlot).toList());
        }
        List<Long> itemGas = new ArrayList<>();
        for (WithdrawalTransaction wtx : txs) {
            long portalGas = prove ? GasModel.proveItem(proofs.forSlot(wtx.storageSlot()).nodes().size(), wtx.data().length)
                    : GasModel.finalizeItem(wtx.gasLimit(), wtx.data().length);
            itemGas.add(portalGas + GasModel.MANIFEST_ITEM_GAS);
        }
        long chunkBase = GasModel.BATCH_BASE_GAS + GasModel.MANIFEST_CHUNK_GAS;
        List<List<Integer>> chunks = ChunkPlan.split(itemGas, chunkBytes(txs, proofs), chunkBase,
                CalldataSize.MANIFEST_CHUNK_BASE, batching.gasBudget(), batching.maxCalldataBytes(),
                Math.min(config.chunkItems(), batching.maxItems()));
        StandardMerkleTree tree = io.opwb.merkle.ManifestLeaf.tree(ManifestBook.leaves(
                leaves.stream().map(l -> l.withdrawalHash).toList(),
                leaves.stream().map(l -> Numeric.toHexString(l.proofSubmitter)).toList()));
        WithdrawalBatcher.SignedManifest signed = signedManifest(m);
        List<String> keys = submitterKeys(contracts);
        WithdrawalBatcher batcher = contracts.batcherForEncoding();
        List<Long> sent = new ArrayList<>();
        for (int k = 0; k < chunks.size(); k++) {
            // positions into pending, by leaf index
            Map<Integer, Integer> byLeaf = new HashMap<>();
            for (int p : chunks.get(k)) {
                byLeaf.put(pending.get(p).leafIndex, p);
            }
            StandardMerkleTree.MultiProof multi = tree.multiProof(byLeaf.keySet());
            WithdrawalBatcher.MultiProof proofStruct = new WithdrawalBatcher.MultiProof(multi.proof(), multi.flags());
            List<WithdrawalEntity> items = new ArrayList<>();
            List<String> submitters = new ArrayList<>();
            List<Long> soloGas = new ArrayList<>();
            List<WithdrawalBatcher.ManifestProveItem> proveItems = new ArrayList<>();
            List<WithdrawalBatcher.ManifestFinalizeItem> finalizeItems = new ArrayList<>();
            SharedProofNodes nodes = new SharedProofNodes();
            for (int leafIndex : multi.valueIndexes()) { // the order the multiproof needs
                int p = byLeaf.get(leafIndex);
                ManifestItemEntity leaf = pending.get(p);
                WithdrawalTransaction wtx = txs.get(p);
                String submitter = Numeric.toHexString(leaf.proofSubmitter);
                items.add(withdrawals.get(Numeric.toHexString(leaf.withdrawalHash)));
                submitters.add(prove ? null : submitter);
                soloGas.add(leaf.soloGas);
                if (prove) {
                    proveItems.add(new WithdrawalBatcher.ManifestProveItem(BigInteger.valueOf(leafIndex),
                            Withdrawals.batcherStruct(wtx), nodes.add(proofs.forSlot(wtx.storageSlot()).nodes())));
                } else {
                    finalizeItems.add(new WithdrawalBatcher.ManifestFinalizeItem(BigInteger.valueOf(leafIndex),
                            Withdrawals.batcherStruct(wtx), submitter));
                }
            }
            String calldata = prove
                    ? batcher.proveManifest(signed, Withdrawals.batcherStruct(root), nodes.nodes(), proveItems,
                            proofStruct).encodeFunctionCall()
                    : batcher.finalizeManifest(signed, finalizeItems, proofStruct).encodeFunctionCall();
            String key = keys.get((m.chunksSent + k) % keys.size());
            sent.add(sender.send(new BatchSender.Batch(m.kind, m.gameIndex, items, prove ? null : submitters,
                    contracts.batcherAddress(), calldata, ChunkPlan.gasOf(chunks.get(k), itemGas, chunkBase), soloGas,
                    LeftOut.none(), m.id, key)));
        }
        setStatus(m.id, ManifestStatus.SENT);
        LOG.infof("manifest #%d: %d withdrawals sent in %d chunks over %d keys", m.id, pending.size(), chunks.size(),
                Math.min(keys.size(), chunks.size()));
        return sent;
    }

    /** The keys the batcher lets execute manifests; a key it does not list would only send reverting chunks. */
    private List<String> submitterKeys(PortalContracts contracts) throws Exception {
        WithdrawalBatcher batcher = contracts.batcherForEncoding();
        List<String> keys = new ArrayList<>();
        for (String key : txManager.senders()) {
            if (batcher.isSubmitter(key).send()) {
                keys.add(key);
            } else {
                LOG.warnf("key %s is not a submitter on the batcher %s (setSubmitter): it sends no chunks", key,
                        contracts.batcherAddress());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("none of our keys is a submitter on the batcher " + contracts.batcherAddress()
                    + ": manifests wait until its owner calls setSubmitter");
        }
        return keys;
    }

    static WithdrawalBatcher.SignedManifest signedManifest(ManifestEntity m) {
        var typed = ManifestBook.typedData(m);
        return new WithdrawalBatcher.SignedManifest(new WithdrawalBatcher.Manifest(typed.portal(),
                BigInteger.valueOf(typed.action()), typed.disputeGameIndex(), typed.root(), typed.id(),
                BigInteger.valueOf(typed.deadline())), Numeric.toHexString(m.signer), m.signature);
    }

    private Map<String, WithdrawalEntity> withdrawals(long l2ChainId, List<ManifestItemEntity> leaves) {
        List<WithdrawalEntity> rows = tx.read(() -> withdrawals.findByHashes(l2ChainId, leaves.stream().map(l -> l.withdrawalHash).toList()));
        Map<String, WithdrawalEntity> byHash = new HashMap<>();
        rows.forEach(w -> byHash.put(Numeric.toHexString(w.withdrawalHash), w));
        return byHash;
    }

    private void setStatus(long manifestId, ManifestStatus status) {
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(ManifestEntity.class, manifestId))
                .invoke(row -> row.status = status).replaceWithVoid());
    }

    /** The manifest's unsent withdrawals go back to the queue; a later manifest takes them. */
    private void release(ManifestEntity m, List<ManifestItemEntity> pending, String why) {
        boolean prove = m.kind == BatchKind.PROVE;
        WithdrawalStatus inFlight = WithdrawalStatus.inFlight(prove);
        WithdrawalStatus ready = WithdrawalStatus.ready(prove);
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(ManifestEntity.class, m.id)
                .invoke(row -> row.status = ManifestStatus.EXPIRED)
                .chain(() -> withdrawals.findByHashes(m.l2ChainId, pending.stream().map(l -> l.withdrawalHash).toList()))
                .invoke(ws -> ws.forEach(w -> {
                    // Unsent leaves of this manifest: only this manifest could have put them in flight.
                    if (w.status == inFlight) {
                        w.setStatus(ready, io.opwb.storage.ReasonCode.MANIFEST_RETURNED, "back in the queue: " + why);
                    }
                }))
                .replaceWithVoid()));
        metrics.manifest(m.kind, "expired", pending.size());
        LOG.warnf("manifest #%d: %d withdrawals not sent, back in the queue: %s", m.id, pending.size(), why);
    }

    /** What each item adds to a chunk's calldata; a prove item's proof nodes count once per chunk. */
    private static ChunkPlan.ChunkBytes chunkBytes(List<WithdrawalTransaction> txs, StorageProofs.Result proofs) {
        return new ChunkPlan.ChunkBytes() {
            private SharedProofNodes nodes = new SharedProofNodes();

            private List<byte[]> proof(int position) {
                return proofs.forSlot(txs.get(position).storageSlot()).nodes();
            }

            public int ifAdded(int position) {
                int dataLength = txs.get(position).data().length;
                return CalldataSize.MANIFEST_ITEM_EXTRA + (proofs == null ? CalldataSize.finalizeItem(dataLength)
                        : CalldataSize.proveItem(proof(position).size(), dataLength) + nodes.newNodeBytes(proof(position)));
            }

            public void add(int position) {
                if (proofs != null) {
                    nodes.add(proof(position));
                }
            }

            public void newChunk() {
                nodes = new SharedProofNodes();
            }
        };
    }
}
