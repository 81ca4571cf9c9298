package io.opwb.api;

import java.time.OffsetDateTime;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.opwb.storage.ServiceControlEntity;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Operator actions: pause and resume submission, retry a skipped withdrawal. Bearer token required. */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    /** Whether new batches may be sent. */
    public record SubmissionState(boolean paused, String reason, OffsetDateTime updatedAt) {
    }

    private final AdminAuth auth;
    private final WithdrawalLookup lookup;
    private final ChainNames chains;

    public AdminResource(AdminAuth auth, WithdrawalLookup lookup, ChainNames chains) {
        this.auth = auth;
        this.lookup = lookup;
        this.chains = chains;
    }

    @GET
    @Path("/submission")
    @Operation(summary = "Whether submission is paused")
    @WithSession
    public Uni<SubmissionState> state() {
        return Panache.getSession().chain(s -> s.find(ServiceControlEntity.class, 1)).map(AdminResource::view);
    }

    @POST
    @Path("/submission/pause")
    @Operation(summary = "Stop sending batches (indexing and following sent batches go on)")
    @WithTransaction
    public Uni<SubmissionState> pause(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("reason") String reason) {
        auth.require(authorization);
        return set(true, reason == null ? "paused by an operator" : reason);
    }

    @POST
    @Path("/submission/resume")
    @Operation(summary = "Send batches again")
    @WithTransaction
    public Uni<SubmissionState> resume(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.require(authorization);
        return set(false, null);
    }

    @POST
    @Path("/withdrawals/{withdrawalHash}/retry")
    @Operation(summary = "Act again on a skipped withdrawal: its status is worked out afresh, its failure counts reset")
    @WithTransaction
    public Uni<WithdrawalView> retry(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("withdrawalHash") String withdrawalHash, @QueryParam("chain") String chain) {
        auth.require(authorization);
        return lookup.find(withdrawalHash, chain).map(w -> {
            if (w.status != WithdrawalStatus.SKIPPED) {
                throw new ApiException(409, "only a SKIPPED withdrawal can be retried; this one is " + w.status);
            }
            w.proveFailures = 0;
            w.finalizeFailures = 0;
            // WAITING_FOR_GAME is a starting point only: the status rules place it on the next cycle.
            w.setStatus(WithdrawalStatus.WAITING_FOR_GAME, io.opwb.storage.ReasonCode.OPERATOR_RETRY,
                    "retry requested by an operator");
            return WithdrawalResource.view(w, WithdrawalResource.OurBatches.NONE, java.util.List.of(), null, null, null,
                    null, chains.name(w.l2ChainId));
        });
    }

    private static Uni<SubmissionState> set(boolean paused, String reason) {
        return Panache.getSession().chain(s -> s.find(ServiceControlEntity.class, 1)).map(c -> {
            c.submissionPaused = paused;
            c.pausedReason = reason;
            c.updatedAt = OffsetDateTime.now();
            return view(c);
        });
    }

    private static SubmissionState view(ServiceControlEntity c) {
        return new SubmissionState(c.submissionPaused, c.pausedReason, c.updatedAt);
    }
}
