package io.opwb.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.opwb.storage.MessageRelay;
import io.opwb.storage.WithdrawalDetails;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalStatus;
import io.smallrye.mutiny.Uni;

/**
 * Withdrawals: by hash, by L2 transaction, and as a filtered list by page or by cursor; each answer is
 * one query ({@link WithdrawalDetails}), on the event loop.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class WithdrawalResource {

    /** A list's total is counted up to this many rows. */
    static final long COUNT_CAP = 1_000;

    private final ChainNames chains;
    private final WithdrawalLookup lookup;
    private final WithdrawalDetails details;

    public WithdrawalResource(ChainNames chains, WithdrawalLookup lookup, WithdrawalDetails details) {
        this.chains = chains;
        this.lookup = lookup;
        this.details = details;
    }

    @GET
    @Path("/withdrawals/{withdrawalHash}")
    @Operation(summary = "A withdrawal by its hash: status, reason, game, L1 transactions, batches, its progress line"
            + " for people (four steps, what it waits for), a transfer's symbol and decimals; ?chain= (name or L2 chain"
            + " id) when the hash is on several chains")
    public Uni<WithdrawalView> byHash(@PathParam("withdrawalHash") String withdrawalHash,
            @QueryParam("chain") String chain) {
        byte[] hash = Params.hash(withdrawalHash, "withdrawalHash");
        Long chainId = chains.idOrNull(chain);
        return details.byHash(hash, chainId).chain(ws -> views(List.of(lookup.theOne(ws, d -> d.withdrawal().l2ChainId,
                withdrawalHash, chain))).map(list -> list.get(0)));
    }

    @GET
    @Path("/l2-transactions/{l2TxHash}/withdrawals")
    @Operation(summary = "The withdrawals an L2 transaction initiated, each with its progress line")
    public Uni<List<WithdrawalView>> byL2Transaction(@PathParam("l2TxHash") String l2TxHash,
            @QueryParam("chain") String chain) {
        byte[] hash = Params.hash(l2TxHash, "l2TxHash");
        Long chainId = chains.idOrNull(chain);
        return details.byL2TxHash(hash, chainId).chain(ws -> {
            if (ws.isEmpty()) {
                throw ApiException.notFound("no withdrawal initiated by L2 transaction " + l2TxHash);
            }
            return views(ws);
        });
    }

    @GET
    @Path("/withdrawals")
    @Operation(summary = "Withdrawals, newest first, filtered by chain, status, sender or target; by page number,"
            + " or after the cursor an earlier answer gave as next")
    public Uni<Page<WithdrawalView>> list(@QueryParam("status") String status, @QueryParam("sender") String sender,
            @QueryParam("target") String target, @QueryParam("chain") String chain, @QueryParam("page") String page,
            @QueryParam("size") String size, @QueryParam("after") String after) {
        KeysetCursor.refuseWithPage(after, page);
        PageRequest request = PageRequest.of(page, size);
        WithdrawalDetails.Position position = after == null ? null : KeysetCursor.withdrawalsAfter(after);
        WithdrawalRepository.Filter filter = new WithdrawalRepository.Filter(chains.idOrNull(chain),
                status == null ? null : Params.oneOf(WithdrawalStatus.class, status, "status"),
                sender == null ? null : Params.address(sender, "sender"),
                target == null ? null : Params.address(target, "target"));
        // One row more than the page tells whether there is a next one.
        return details.newestFirst(filter, position, request.offset(), request.size() + 1, (int) COUNT_CAP)
                .chain(slice -> {
                    boolean more = slice.rows().size() > request.size();
                    List<WithdrawalDetails.Detail> rows = more ? slice.rows().subList(0, request.size()) : slice.rows();
                    String next = more ? KeysetCursor.of(rows.get(rows.size() - 1).position()) : null;
                    return views(rows).map(views -> position != null
                            ? new Page<>(null, request.size(), null, null, views, next)
                            : new Page<>(request.page(), request.size(), Math.min(slice.total(), COUNT_CAP),
                                    slice.total() <= COUNT_CAP, views, next));
                });
    }

    @GET
    @Path("/addresses/{address}/withdrawals")
    @Operation(summary = "The withdrawals that concern an address, newest first: it sent them on L2 (the sender, a"
            + " message's sender or a bridge transfer's from) or receives them on L1 (the target, a message's target or"
            + " a transfer's to); by cursor (after = an earlier answer's next); ?chain= narrows to one chain")
    public Uni<Page<WithdrawalView>> byAddress(@PathParam("address") String address, @QueryParam("chain") String chain,
            @QueryParam("after") String after, @QueryParam("size") String size) {
        byte[] account = Params.address(address, "address");
        PageRequest request = PageRequest.of(null, size);
        WithdrawalDetails.Position position = after == null ? null : KeysetCursor.withdrawalsAfter(after);
        return details.byAddress(account, chains.idOrNull(chain), position, request.size() + 1).chain(found -> {
            boolean more = found.size() > request.size();
            List<WithdrawalDetails.Detail> rows = more ? found.subList(0, request.size()) : found;
            String next = more ? KeysetCursor.of(rows.get(rows.size() - 1).position()) : null;
            return views(rows).map(views -> new Page<>(null, request.size(), null, null, views, next));
        });
    }

    /**
     * The views of these rows. Messenger messages indexed before V21 have no message hash to join
     * their relays by until the worker decodes them (V27): those relays are read here, in a second query.
     */
    private Uni<List<WithdrawalView>> views(List<WithdrawalDetails.Detail> rows) {
        List<byte[]> unjoined = rows.stream().filter(d -> d.messageHash() == null && d.kind() == null
                && io.opwb.chain.WithdrawalKind.isMessage(hex(d.withdrawal().sender), d.withdrawal().data))
                .map(d -> org.web3j.crypto.Hash.sha3(d.withdrawal().data)).toList();
        Uni<Map<String, Boolean>> relayed = unjoined.isEmpty() ? Uni.createFrom().item(Map.of())
                : details.relayed(unjoined).map(rs -> {
                    Map<String, Boolean> byKey = new java.util.HashMap<>();
                    rs.forEach(r -> byKey.put(key(r.l2ChainId(), r.messageHash()), r.relayed()));
                    return byKey;
                });
        return relayed.map(legacy -> rows.stream().map(d -> {
            WithdrawalEntity w = d.withdrawal();
            Boolean relay = d.relayed();
            if (d.messageHash() == null && !legacy.isEmpty()) {
                relay = legacy.get(key(w.l2ChainId, org.web3j.crypto.Hash.sha3(w.data)));
            }
            return view(w, new OurBatches(d.proveTxHash(), d.proveGameIndex(), d.proveBlock(), d.finalizeTxHash(),
                    d.finalizeBlock()), d.proofs().stream().map(p -> new WithdrawalView.ProofView(hex(p.submitter()), hex(p.disputeGame()),
                            p.provenAt(), hex(p.l1TxHash()), p.l1BlockNumber())).toList(),
                    d.finalization() == null ? null : new WithdrawalView.FinalizationView(d.finalization().success(),
                            hex(d.finalization().l1TxHash()), d.finalization().l1BlockNumber()),
                    relay, d.token(), d.kind(), chains.name(w.l2ChainId));
        }).toList());
    }

    /** A row's key across chains in the maps above. */
    static String key(long l2ChainId, byte[] hash) {
        return l2ChainId + ":" + hex(hash);
    }

    /** Our prove and finalize batches' L1 transactions and blocks (each null: none, or not mined). */
    record OurBatches(byte[] proveTxHash, Long proveGameIndex, Long proveBlock, byte[] finalizeTxHash,
            Long finalizeBlock) {
        static final OurBatches NONE = new OurBatches(null, null, null, null, null);
    }

    /**
     * A withdrawal's view: its row, our batches, the portal's proofs and finalization, whether the L1
     * messenger relayed it (null: no relay indexed), its token's symbol and decimals (null: not known), and
     * what its data is as decoded at indexing (null: not decoded yet, so decoded here, as before V27).
     */
    static WithdrawalView view(WithdrawalEntity w, OurBatches ours, List<WithdrawalView.ProofView> proofs,
            WithdrawalView.FinalizationView finalization, Boolean relayed, WithdrawalDetails.Token token,
            io.opwb.chain.WithdrawalKind decoded, String chain) {
        var kind = decoded != null ? decoded : io.opwb.chain.WithdrawalKind.of(hex(w.sender), w.data);
        List<WithdrawalView.ProofView> allProofs = proofs == null ? List.of() : proofs;
        return new WithdrawalView(hex(w.withdrawalHash), hex(w.l2TxHash), w.l2BlockNumber, w.l2LogIndex,
                Hex.quantity(w.nonce.toBigIntegerExact()), hex(w.sender), hex(w.target),
                Hex.decimal(w.valueWei), Hex.decimal(w.gasLimit), hex(w.data),
                w.status.name(), w.statusReason, w.reasonCode == null ? null : w.reasonCode.name(), w.statusUpdatedAt,
                w.selected, w.indexedAt, w.proveBatchId, hex(ours.proveTxHash()), ours.proveGameIndex(),
                w.finalizeBatchId, hex(ours.finalizeTxHash()), w.proofSubmitter == null ? null : hex(w.proofSubmitter),
                allProofs, finalization, eta(w), kind.kind().name(), message(kind, w, relayed), transfer(kind, token),
                chain, w.l2ChainId, ProgressLine.of(facts(w, ours, allProofs, finalization)));
    }

    /**
     * What the progress line is drawn from: the proof it finalizes with (its submitter's, else the last
     * one) when the portal's proofs were read, else our prove batch; likewise the portal's finalization,
     * else our finalize batch. Proven and finalized times: the proof's L1 time, else when we first saw it.
     */
    static ProgressLine.Facts facts(WithdrawalEntity w, OurBatches ours, List<WithdrawalView.ProofView> proofs,
            WithdrawalView.FinalizationView finalization) {
        String submitter = w.proofSubmitter == null ? null : hex(w.proofSubmitter);
        WithdrawalView.ProofView proof = proofs.stream().filter(p -> p.submitter().equalsIgnoreCase(String.valueOf(submitter)))
                .reduce((a, b) -> b).orElse(proofs.isEmpty() ? null : proofs.get(proofs.size() - 1));
        java.time.Instant provenAt = proof != null ? java.time.Instant.ofEpochSecond(proof.provenAt())
                : w.provenSeenAt == null ? null : w.provenSeenAt.toInstant();
        String proveTx = proof != null ? proof.l1TxHash() : hex(ours.proveTxHash());
        Long proveBlock = proof != null ? Long.valueOf(proof.l1BlockNumber()) : ours.proveBlock();
        boolean proven = proof != null || w.proofSubmitter != null || w.provenSeenAt != null;
        java.time.Instant initiatedAt = w.l2BlockTime == null ? null : java.time.Instant.ofEpochSecond(w.l2BlockTime);
        return new ProgressLine.Facts(w.status, w.reasonCode, w.l2BlockNumber, hex(w.l2TxHash), initiatedAt, proven, provenAt,
                proveTx, proveBlock, w.finalizedSeenAt == null ? null : w.finalizedSeenAt.toInstant(),
                finalization != null ? finalization.l1TxHash() : hex(ours.finalizeTxHash()),
                finalization != null ? Long.valueOf(finalization.l1BlockNumber()) : ours.finalizeBlock(),
                w.etaProvenBy, w.etaFinalizableAt, w.etaFinalizedBy);
    }

    /** Relay status: the messenger's indexed events when there are any, else what our finalize batch saw. */
    private static WithdrawalView.MessageView message(io.opwb.chain.WithdrawalKind kind, WithdrawalEntity w,
            Boolean indexed) {
        var m = kind.message();
        if (m == null) {
            return null;
        }
        MessageRelay relay = indexed == null ? w.messageRelay : MessageRelay.of(indexed);
        return new WithdrawalView.MessageView(m.hash(), m.nonce().toString(), m.sender().toLowerCase(),
                m.target().toLowerCase(), m.value().toString(), m.minGasLimit().toString(),
                relay == null ? null : relay.name(), relay == MessageRelay.FAILED);
    }

    private static WithdrawalView.TransferView transfer(io.opwb.chain.WithdrawalKind kind, WithdrawalDetails.Token token) {
        var t = kind.transfer();
        if (t == null) {
            return null;
        }
        boolean eth = t.l1Token() == null;
        return new WithdrawalView.TransferView(eth ? "ETH" : "TOKEN", eth ? null : t.l1Token().toLowerCase(),
                t.l2Token() == null ? null : t.l2Token().toLowerCase(), t.from().toLowerCase(), t.to().toLowerCase(),
                t.amount().toString(), eth ? "ETH" : token == null ? null : token.symbol(),
                eth ? Integer.valueOf(18) : token == null ? null : token.decimals());
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
        return Hex.of(bytes);
    }
}
