package io.opwb.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.web3j.utils.Numeric;

import io.opwb.merkle.ManifestLeaf;
import io.opwb.merkle.ManifestTypedData;
import io.opwb.merkle.StandardMerkleTree;
import io.opwb.storage.BatchItemEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchRepository;
import io.opwb.storage.ManifestRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** A withdrawal's inclusion receipt: how to check, against L1 alone, that our batches executed it. */
@Path("/api/withdrawals/{withdrawalHash}/receipt")
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    private final WithdrawalLookup lookup;

    private final BatchRepository batches;
    private final ManifestRepository manifests;

    public ReceiptResource(WithdrawalLookup lookup, BatchRepository batches, ManifestRepository manifests) {
        this.lookup = lookup;
        this.batches = batches;
        this.manifests = manifests;
    }

    @GET
    @Operation(summary = "Proof that our batches proved / finalized this withdrawal: L1 transaction, log, "
            + "signed manifest, Merkle proof")
    @WithSession
    public Uni<ReceiptView> receipt(@PathParam("withdrawalHash") String withdrawalHash,
            @jakarta.ws.rs.QueryParam("chain") String chain) {
        byte[] hash = Params.hash(withdrawalHash, "withdrawalHash");
        return lookup.find(withdrawalHash, chain).chain(w -> batches.doneItemsOf(w.l2ChainId, hash)
        .chain(items -> {
            if (items.isEmpty()) {
                throw ApiException.notFound("withdrawal " + withdrawalHash
                        + " has not been proven or finalized by one of our batches (yet)");
            }
            Uni<List<ReceiptView.Step>> steps = Uni.createFrom().item(new ArrayList<>());
            for (BatchItemEntity item : items) {
                steps = steps.chain(list -> step(item).invoke(list::add).replaceWith(list));
            }
            return steps.map(list -> new ReceiptView(Numeric.toHexString(hash), list));
        }));
    }

    private Uni<ReceiptView.Step> step(BatchItemEntity item) {
        return batches.findById(item.batchId).chain(b -> {
            Uni<ReceiptView.Manifest> manifest = b.manifestId == null ? Uni.createFrom().nullItem()
                    : manifest(b.manifestId, item.withdrawalHash);
            boolean prove = b.kind == BatchKind.PROVE;
            return manifest.map(m -> new ReceiptView.Step(b.kind.name(), b.id, Numeric.toHexString(b.txHash), b.l1BlockNumber, item.logIndex,
                    prove ? "WithdrawalProven" : "WithdrawalFinalized", item.outcome.name(), m));
        });
    }

    private Uni<ReceiptView.Manifest> manifest(long manifestId, byte[] withdrawalHash) {
        return manifests.findById(manifestId).chain(m -> manifests.leaves(manifestId).map(leaves -> {
                    List<ManifestLeaf> all = leaves.stream().map(l -> new ManifestLeaf(l.leafIndex, l.withdrawalHash,
                            Numeric.toHexString(l.proofSubmitter))).toList();
                    StandardMerkleTree tree = ManifestLeaf.tree(all);
                    int index = leaves.stream().filter(l -> java.util.Arrays.equals(l.withdrawalHash, withdrawalHash))
                            .findFirst().orElseThrow().leafIndex;
                    ManifestLeaf leaf = all.get(index);
                    ManifestTypedData typed = ManifestTypedData.of(m.chainId, m.batcher, m.portal, m.kind == BatchKind.PROVE, m.gameIndex,
                            m.root, m.id, m.deadline);
                    return new ReceiptView.Manifest(m.id, Numeric.toHexString(m.digest), Numeric.toHexString(m.root),
                            Numeric.toHexString(m.signer), Numeric.toHexString(m.signature), typed.toMap(),
                            ManifestLeaf.ENCODING, leaf.values(), Numeric.toHexString(leaf.hash()),
                            tree.proof(index).stream().map(Numeric::toHexString).toList());
                }));
    }
}
