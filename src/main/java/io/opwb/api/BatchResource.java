package io.opwb.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchItemEntity;
import io.opwb.storage.BatchRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Batches we sent: kind, items, L1 transaction, gas used, each item's outcome. */
@Path("/api/batches")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    /** The kinds of batch, for validating the filter. */
    private final ChainNames chains;
    private final BatchRepository batches;

    public BatchResource(ChainNames chains, BatchRepository batches) {
        this.chains = chains;
        this.batches = batches;
    }

    @GET
    @Operation(summary = "Batches, newest first, optionally of one kind or chain (items not included); by page number,"
            + " or after the cursor an earlier answer gave as next")
    @WithSession
    public Uni<Page<BatchView>> list(@QueryParam("kind") String kind, @QueryParam("chain") String chain,
            @QueryParam("page") String page, @QueryParam("size") String size, @QueryParam("after") String after) {
        BatchKind kindName = kind == null ? null : Params.oneOf(BatchKind.class, kind, "kind");
        Long chainId = chains.idOrNull(chain);
        return IdPages.page(page, size, after, KeysetCursor.BATCHES, below -> batches.newestFirst(kindName, chainId, below),
                b -> b.id, b -> view(b, null));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One batch with each item's outcome")
    @WithSession
    public Uni<BatchView> byId(@PathParam("id") String id) {
        long batchId = Params.id(id, "batch");
        return batches.findById(batchId).chain(b -> {
            if (b == null) {
                throw ApiException.notFound("no batch " + batchId);
            }
            return batches.items(batchId).map(items -> view(b, items));
        });
    }

    BatchView view(BatchEntity b, List<BatchItemEntity> items) {
        Long perItem = b.gasUsed == null || b.itemCount == 0 ? null : b.gasUsed / b.itemCount;
        return new BatchView(b.id, b.kind.name(), b.status.name(), b.gameIndex, b.manifestId, WithdrawalResource.hex(b.sender),
                b.itemCount, b.calldataBytes, b.gasLimit, b.gasUsed,
                perItem, b.gasSaved, b.l1BlockNumber, WithdrawalResource.hex(b.txHash), b.createdAt, b.confirmedAt,
                items == null ? null : items.stream().map(i -> new BatchView.Item(i.position,
                        WithdrawalResource.hex(i.withdrawalHash), WithdrawalResource.hex(i.proofSubmitter),
                        i.outcome == null ? null : i.outcome.name(),
                        i.reason, i.soloGas)).toList(), chains.name(b.l2ChainId), b.l2ChainId);
    }
}
