package io.opwb.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.opwb.storage.DryRunBatchEntity;
import io.opwb.storage.DryRunBatchRepository;
import io.opwb.storage.DryRunItemEntity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Dry-run mode's batches: what the service would have sent, simulated, with the gas it would save. */
@Path("/api/dry-run/batches")
@Produces(MediaType.APPLICATION_JSON)
public class DryRunResource {

    private final ChainNames chains;
    private final DryRunBatchRepository batches;

    public DryRunResource(ChainNames chains, DryRunBatchRepository batches) {
        this.chains = chains;
        this.batches = batches;
    }

    @GET
    @Operation(summary = "Batches a dry run would have sent, newest first (items not included); by page number, or"
            + " after the cursor an earlier answer gave as next")
    @WithSession
    public Uni<Page<DryRunBatchView>> list(@QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("after") String after) {
        return IdPages.page(page, size, after, KeysetCursor.DRY_RUN_BATCHES, batches::newestFirst, b -> b.id,
                b -> view(b, null));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One dry-run batch with its withdrawals and each one's solo gas")
    @WithSession
    public Uni<DryRunBatchView> byId(@PathParam("id") String id) {
        long batchId = Params.id(id, "dry-run batch");
        return batches.findById(batchId).chain(b -> {
            if (b == null) {
                throw ApiException.notFound("no dry-run batch " + batchId);
            }
            return batches.items(batchId).map(items -> view(b, items));
        });
    }

    DryRunBatchView view(DryRunBatchEntity b, List<DryRunItemEntity> items) {
        Long saved = b.simulatedGas == null || b.soloGas == null ? null : b.soloGas - b.simulatedGas;
        return new DryRunBatchView(b.id, chains.name(b.l2ChainId), b.l2ChainId, b.kind.name(), b.gameIndex, b.itemCount,
                b.calldataBytes, b.gasLimit, WithdrawalResource.hex(b.sender), b.simulatedGas,
                b.simulatedGas == null || b.itemCount == 0 ? null : b.simulatedGas / b.itemCount, b.soloGas, saved,
                saved == null || b.soloGas == 0 ? null : (int) Math.round(100.0 * saved / b.soloGas), b.failure,
                b.createdAt, items == null ? null : items.stream().map(i -> new DryRunBatchView.Item(i.position,
                        WithdrawalResource.hex(i.withdrawalHash), i.soloGas)).toList());
    }
}
