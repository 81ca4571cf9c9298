package io.opwb.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainConfig;
import io.opwb.merkle.ManifestLeaf;
import io.opwb.merkle.ManifestTypedData;
import io.opwb.merkle.StandardMerkleTree;
import io.opwb.storage.BatchKind;
import io.opwb.storage.ManifestEntity;
import io.opwb.storage.ManifestItemEntity;
import io.opwb.storage.ManifestStatus;
import io.opwb.storage.ManifestRepository;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.submission.ManifestSigner;
import io.quarkus.hibernate.reactive.panache.Panache;

/**
 * Builds, signs and records manifests: a Merkle tree over the chosen withdrawals, its root in
 * EIP-712 typed data signed by the manifest signer, then the manifest, its leaves and the
 * withdrawals (now in flight) in one database transaction. {@link ManifestExecutor} sends it.
 */
@ApplicationScoped
public class ManifestBook {

    private static final Logger LOG = Logger.getLogger(ManifestBook.class);

    /** The withdrawals of a manifest, in leaf order, with their proof submitters and solo gas. */
    public record Contents(BatchKind kind, Long gameIndex, List<WithdrawalEntity> items, List<String> proofSubmitters,
            List<Long> soloGas) {
    }

    private final Tx tx;
    private final ManifestSigner signer;
    private final ChainConfig chains;
    private final ManifestConfig config;
    private final WorkerLease lease;
    private final BatchMetrics metrics;
    private final io.opwb.chain.ChainClients clients;
    private final CrashPoints crashPoints;

    private final WithdrawalRepository withdrawals;

    private final ManifestRepository manifests;

    public ManifestBook(Tx tx, ManifestSigner signer, ChainConfig chains, ManifestConfig config, WorkerLease lease,
            BatchMetrics metrics, io.opwb.chain.ChainClients clients, CrashPoints crashPoints, WithdrawalRepository withdrawals, ManifestRepository manifests) {
        this.manifests = manifests;
        this.withdrawals = withdrawals;
        this.crashPoints = crashPoints;
        this.clients = clients;
        this.tx = tx;
        this.signer = signer;
        this.chains = chains;
        this.config = config;
        this.lease = lease;
        this.metrics = metrics;
    }

    /** The leaves of these contents, in leaf order. */
    static List<ManifestLeaf> leaves(List<byte[]> hashes, List<String> proofSubmitters) {
        List<ManifestLeaf> leaves = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            leaves.add(new ManifestLeaf(i, hashes.get(i), proofSubmitters.get(i)));
        }
        return leaves;
    }

    /** The typed data a manifest row was signed as. */
    public static ManifestTypedData typedData(ManifestEntity m) {
        return ManifestTypedData.of(m.chainId, m.batcher, m.portal, m.kind == BatchKind.PROVE, m.gameIndex, m.root, m.id, m.deadline);
    }

    /** Signs and records a manifest for one chain's batcher; returns its id. */
    public long record(io.opwb.chain.ChainContext chain, Contents contents) throws Exception {
        io.opwb.chain.PortalContracts contracts = chain.contracts();
        // A signer the batcher does not list would only make chunks that revert: say so, send nothing.
        if (!contracts.batcherForEncoding().isManifestSigner(signer.address()).send()) {
            throw new IllegalStateException("manifest signer " + signer.address() + " is not listed on the batcher "
                    + contracts.batcherAddress() + ": its owner must call setManifestSigner(" + signer.address()
                    + ", true); nothing is sent meanwhile");
        }
        List<byte[]> hashes = contents.items().stream().map(w -> w.withdrawalHash).toList();
        List<ManifestLeaf> leaves = leaves(hashes, contents.proofSubmitters());
        StandardMerkleTree tree = ManifestLeaf.tree(leaves);
        ManifestEntity m = new ManifestEntity();
        m.id = tx.read(manifests::nextId);
        m.kind = contents.kind();
        m.status = ManifestStatus.OPEN;
        m.l2ChainId = chain.id();
        m.chainId = chains.l1().chainId();
        m.batcher = Numeric.hexStringToByteArray(contracts.batcherAddress());
        m.portal = Numeric.hexStringToByteArray(contracts.portalAddress());
        m.gameIndex = contents.gameIndex();
        m.root = tree.root();
        // L1's clock: the contract checks deadlines against block time, which a devnet may run ahead of ours.
        m.deadline = clients.l1Now() + config.validFor().toSeconds();
        m.itemCount = leaves.size();
        ManifestTypedData typed = typedData(m);
        m.digest = typed.digest();
        m.signer = Numeric.hexStringToByteArray(signer.address());
        m.signature = signer.sign(typed.json(), m.digest);
        boolean prove = contents.kind() == BatchKind.PROVE;
        WithdrawalStatus inFlight = WithdrawalStatus.inFlight(prove);
        tx.inTransaction(() -> Panache.getSession().chain(s -> lease.requireHeld(s)
                .chain(() -> s.persist(m))
                .chain(() -> {
                    List<Object> rows = new ArrayList<>();
                    for (int i = 0; i < leaves.size(); i++) {
                        ManifestItemEntity item = new ManifestItemEntity();
                        item.manifestId = m.id;
                        item.leafIndex = i;
                        item.withdrawalHash = hashes.get(i);
                        item.proofSubmitter = Numeric.hexStringToByteArray(contents.proofSubmitters().get(i));
                        item.soloGas = contents.soloGas().get(i);
                        rows.add(item);
                    }
                    return s.persistAll(rows.toArray());
                })
                .chain(() -> withdrawals.findByHashes(chain.id(), hashes))
                .invoke(ws -> ws.forEach(w -> {
                    if (w.status.isReady() || w.status == WithdrawalStatus.NEEDS_REPROVE) {
                        metrics.readyToSubmitted(w.statusUpdatedAt);
                    }
                    w.setStatus(inFlight, io.opwb.storage.ReasonCode.IN_BATCH, "in manifest #" + m.id + ", signed; its chunk is being sent");
                }))
                .replaceWithVoid()));
        LOG.infof("manifest #%d %s: %d withdrawals signed by %s, root %s, valid until L1 time %s", m.id, m.kind,
                m.itemCount, signer.address(), Numeric.toHexString(m.root), Instant.ofEpochSecond(m.deadline));
        metrics.manifest(m.kind, "signed", m.itemCount);
        crashPoints.reach(CrashPoints.AFTER_MANIFEST);
        return m.id;
    }
}
