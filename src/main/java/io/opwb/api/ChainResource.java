package io.opwb.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.opwb.chain.Chains;
import io.opwb.storage.SubmissionHoldRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The OP chains this instance works for. */
@Path("/api/chains")
@Produces(MediaType.APPLICATION_JSON)
public class ChainResource {

    /**
     * One chain: its name (what {@code ?chain=} takes, as does its id), L2 chain id and L1 contracts;
     * {@code submissionHeld}: why nothing is proven or finalized on it now (its portal is paused), or null;
     * {@code explorers}: its block explorers' base URLs for links, each null when none is configured.
     */
    public record ChainView(String name, long chainId, String portal, String batcher, boolean primary,
            String submissionHeld, Explorers.Links explorers) {
    }

    private final Chains chains;
    private final SubmissionHoldRepository holds;
    private final Explorers explorers;

    public ChainResource(Chains chains, SubmissionHoldRepository holds, Explorers explorers) {
        this.chains = chains;
        this.holds = holds;
        this.explorers = explorers;
    }

    @GET
    @Operation(summary = "The OP chains this instance works for, the primary first, with their block explorers' base URLs if configured")
    @WithSession
    public Uni<List<ChainView>> list() {
        return this.holds.listAll()
                .map(holds -> chains.all().stream().map(c -> new ChainView(c.name(), c.id(), c.config().portalAddress(),
                        c.config().batcherAddress(), c == chains.primary(), holds.stream()
                                .filter(h -> h.l2ChainId == c.id()).map(h -> h.reason).findFirst().orElse(null),
                        explorers.of(c.name())))
                        .toList());
    }
}
