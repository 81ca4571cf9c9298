package io.opwb.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.web3j.utils.Numeric;

import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchRepository;
import io.opwb.storage.MessageRelay;
import io.opwb.storage.PortalFinalizationEntity;
import io.opwb.storage.PortalEventRepository;
import io.opwb.storage.PortalProofEntity;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Withdrawals: by hash, by L2 transaction, and as a filtered, paginated list. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class WithdrawalResource {

    /** A list's total is counted up to this many rows. */
    static final long COUNT_CAP = 1_000;

    private final ChainNames chains;
    private final WithdrawalLookup lookup;
    private final WithdrawalRepository withdrawals;
    private final BatchRepository batches;
    private final PortalEventRepository events;

    public WithdrawalResource(ChainNames chains, WithdrawalLookup lookup, WithdrawalRepository withdrawals,
            BatchRepository batches, PortalEventRepository events) {
        this.chains = chains;
        this.lookup = lookup;
        this.withdrawals = withdrawals;
        this.batches = batches;
        this.events = events;
    }

    @GET
    @Path("/withdrawals/{withdrawalHash}")
    @Operation(summary = "A withdrawal by its hash: status, reason, game, L1 transactions, batches; "
            + "?chain= (name or L2 chain id) when the hash is on several chains")
    @WithSession
    public Uni<WithdrawalView> byHash(@PathParam("withdrawalHash") String withdrawalHash,
            @QueryParam("chain") String chain) {
        return lookup.find(withdrawalHash, chain).chain(w -> detailed(List.of(w)).map(list -> list.get(0)));
    }

    @GET
    @Path("/l2-transactions/{l2TxHash}/withdrawals")
    @Operation(summary = "The withdrawals an L2 transaction initiated")
    @WithSession
    public Uni<List<WithdrawalView>> byL2Transaction(@PathParam("l2TxHash") String l2TxHash,
            @QueryParam("chain") String chain) {
        byte[] hash = Params.hash(l2TxHash, "l2TxHash");
        Long chainId = chains.idOrNull(chain);
        return withdrawals.findByL2TxHash(hash, chainId).chain(ws -> {
                    if (ws.isEmpty()) {
                        throw ApiException.notFound("no withdrawal initiated by L2 transaction " + l2TxHash);
                    }
                    return detailed(ws);
                });
    }

    @GET
    @Path("/withdrawals")
    @Operation(summary = "Withdrawals, newest first, filtered by chain, status, sender or target")
    @WithSession
    public Uni<Page<WithdrawalView>> list(@QueryParam("status") String status, @QueryParam("sender") String sender,
            @QueryParam("target") String target, @QueryParam("chain") String chain, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        PageRequest request = PageRequest.of(page, size);
        WithdrawalRepository.Filter filter = new WithdrawalRepository.Filter(chains.idOrNull(chain),
                status == null ? null : Params.oneOf(WithdrawalStatus.class, status, "status"),
                sender == null ? null : Params.address(sender, "sender"),
                target == null ? null : Params.address(target, "target"));
        return withdrawals.countUpTo(filter, (int) COUNT_CAP).chain(total -> withdrawals
                .newestFirst(filter, request.offset(), request.size())
                .chain(ws -> withBatches(ws, Map.of(), Map.of()))
                .map(views -> new Page<>(request.page(), request.size(), Math.min(total, COUNT_CAP), total <= COUNT_CAP,
                        views)));
    }

    /** Views with proofs and finalization (for a few withdrawals). */
    private Uni<List<WithdrawalView>> detailed(List<WithdrawalEntity> ws) {
        List<byte[]> hashes = ws.stream().map(w -> w.withdrawalHash).toList();
        return events.proofsOf(hashes)
                .chain(proofs -> events.finalizationsOf(hashes)
                        .chain(finals -> {
                            Map<String, List<WithdrawalView.ProofView>> p = new HashMap<>();
                            for (PortalProofEntity proof : proofs) {
                                p.computeIfAbsent(key(proof.l2ChainId, proof.withdrawalHash), k -> new ArrayList<>())
                                        .add(new WithdrawalView.ProofView(hex(proof.submitter), hex(proof.disputeGame),
                                                proof.provenAt, hex(proof.l1TxHash), proof.l1BlockNumber));
                            }
                            Map<String, WithdrawalView.FinalizationView> f = new HashMap<>();
                            for (PortalFinalizationEntity fin : finals) {
                                f.put(key(fin.l2ChainId, fin.withdrawalHash), new WithdrawalView.FinalizationView(fin.success,
                                        hex(fin.l1TxHash), fin.l1BlockNumber));
                            }
                            return withBatches(ws, p, f);
                        }));
    }

    private Uni<List<WithdrawalView>> withBatches(List<WithdrawalEntity> ws,
            Map<String, List<WithdrawalView.ProofView>> proofs, Map<String, WithdrawalView.FinalizationView> finals) {
        Set<Long> ids = new HashSet<>();
        ws.forEach(w -> {
            if (w.proveBatchId != null) {
                ids.add(w.proveBatchId);
            }
            if (w.finalizeBatchId != null) {
                ids.add(w.finalizeBatchId);
            }
        });
        Uni<List<BatchEntity>> batchRows = ids.isEmpty() ? Uni.createFrom().item(List.of()) : batches.findByIds(ids);
        // Messenger messages: the L1 messenger's verdicts, indexed from its events (by anyone, replays included).
        List<byte[]> messageHashes = ws.stream().filter(w -> io.opwb.chain.WithdrawalKind.isMessage(hex(w.sender), w.data))
                .map(w -> org.web3j.crypto.Hash.sha3(w.data)).toList();
        Uni<List<io.opwb.storage.MessengerRelayEntity>> relays = messageHashes.isEmpty()
                ? Uni.createFrom().item(List.of()) : events.relaysOf(messageHashes);
        return batchRows.chain(bs -> relays.map(rs -> {
            Map<Long, BatchEntity> byId = new HashMap<>();
            bs.forEach(b -> byId.put(b.id, b));
            Map<String, Boolean> relayed = new HashMap<>(); // a relay after a failure wins
            rs.forEach(r -> relayed.merge(key(r.l2ChainId, r.messageHash), r.relayed, Boolean::logicalOr));
            return ws.stream().map(w -> view(w, byId, proofs.get(key(w.l2ChainId, w.withdrawalHash)),
                    finals.get(key(w.l2ChainId, w.withdrawalHash)), relayed, chains.name(w.l2ChainId))).toList();
        }));
    }

    /** A row's key across chains in the maps above. */
    static String key(long l2ChainId, byte[] hash) {
        return l2ChainId + ":" + hex(hash);
    }

    static WithdrawalView view(WithdrawalEntity w, Map<Long, BatchEntity> batches,
            List<WithdrawalView.ProofView> proofs, WithdrawalView.FinalizationView finalization,
            Map<String, Boolean> relayed, String chain) {
        BatchEntity prove = w.proveBatchId == null ? null : batches.get(w.proveBatchId);
        BatchEntity finalize = w.finalizeBatchId == null ? null : batches.get(w.finalizeBatchId);
        var kind = io.opwb.chain.WithdrawalKind.of(hex(w.sender), w.data);
        return new WithdrawalView(hex(w.withdrawalHash), hex(w.l2TxHash), w.l2BlockNumber, w.l2LogIndex,
                "0x" + w.nonce.toBigIntegerExact().toString(16), hex(w.sender), hex(w.target),
                w.valueWei.toBigIntegerExact().toString(), w.gasLimit.toBigIntegerExact().toString(), hex(w.data),
                w.status.name(), w.statusReason, w.reasonCode == null ? null : w.reasonCode.name(), w.statusUpdatedAt,
                w.selected, w.indexedAt, w.proveBatchId,
                prove == null ? null : hex(prove.txHash), prove == null ? null : prove.gameIndex, w.finalizeBatchId,
                finalize == null ? null : hex(finalize.txHash), w.proofSubmitter == null ? null : hex(w.proofSubmitter),
                proofs == null ? List.of() : proofs, finalization, eta(w), kind.kind().name(),
                message(kind, w, relayed), transfer(kind), chain, w.l2ChainId);
    }

    /** Relay status: the messenger's indexed events when there are any, else what our finalize batch saw. */
    private static WithdrawalView.MessageView message(io.opwb.chain.WithdrawalKind kind, WithdrawalEntity w,
            Map<String, Boolean> relayed) {
        var m = kind.message();
        if (m == null) {
            return null;
        }
        Boolean indexed = relayed.get(w.l2ChainId + ":" + m.hash());
        MessageRelay relay = indexed == null ? w.messageRelay : MessageRelay.of(indexed);
        return new WithdrawalView.MessageView(m.hash(), m.nonce().toString(), m.sender().toLowerCase(),
                m.target().toLowerCase(), m.value().toString(), m.minGasLimit().toString(),
                relay == null ? null : relay.name(), relay == MessageRelay.FAILED);
    }

    private static WithdrawalView.TransferView transfer(io.opwb.chain.WithdrawalKind kind) {
        var t = kind.transfer();
        return t == null ? null : new WithdrawalView.TransferView(t.l1Token() == null ? "ETH" : "TOKEN",
                t.l1Token() == null ? null : t.l1Token().toLowerCase(), t.l2Token() == null ? null : t.l2Token().toLowerCase(),
                t.from().toLowerCase(), t.to().toLowerCase(), t.amount().toString());
    }

    private static WithdrawalView.EtaView eta(WithdrawalEntity w) {
        WithdrawalStatus status = w.status;
        if (status.isFinal() || status == WithdrawalStatus.SKIPPED || w.etaBasis == null) {
            return null;
        }
        return new WithdrawalView.EtaView(WithdrawalView.L1Time.of(w.etaProvableAt),
                WithdrawalView.L1Time.of(w.etaProvenBy), WithdrawalView.L1Time.of(w.etaFinalizableAt),
                WithdrawalView.L1Time.of(w.etaFinalizedBy), w.etaBasis);
    }

    static String hex(byte[] bytes) {
        return bytes == null ? null : Numeric.toHexString(bytes);
    }
}
