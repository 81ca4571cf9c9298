package io.opwb.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.opwb.storage.WithdrawalDetails;
import io.smallrye.mutiny.Uni;

/**
 * The status API benchmark's anchor: one withdrawal row's status read by its primary key through the
 * same stack as the look-ups (HTTP, the event loop, a parameter check, the PostgreSQL client, JSON), and
 * nothing else, so that a look-up's rate can be set against the most this stack serves on the same
 * machine in the same run. Off unless {@code opwb.api.diagnostics.enabled}; 404 otherwise.
 */
@Path("/api/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

    /** What the anchor answers: the row's key and status. */
    public record StatusRowView(String withdrawalHash, long chainId, String status) {
    }

    private final DiagnosticsConfig config;
    private final WithdrawalDetails details;

    public DiagnosticsResource(DiagnosticsConfig config, WithdrawalDetails details) {
        this.config = config;
        this.details = details;
    }

    @GET
    @Path("/withdrawal-rows/{withdrawalHash}")
    @Operation(hidden = true)
    public Uni<StatusRowView> statusRow(@PathParam("withdrawalHash") String withdrawalHash,
            @QueryParam("chainId") String chainId) {
        if (!config.enabled()) {
            throw ApiException.notFound("no such endpoint");
        }
        byte[] hash = Params.hash(withdrawalHash, "withdrawalHash");
        long chain = Params.id(chainId == null ? "" : chainId, "chain");
        return details.statusRow(hash, chain).map(row -> {
            if (row == null) {
                throw ApiException.notFound("no withdrawal with hash " + withdrawalHash + " on chain " + chain);
            }
            return new StatusRowView(withdrawalHash, row.l2ChainId(), row.status());
        });
    }
}
