package io.opwb.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.opwb.chain.Chains;

/** The OP chains this instance works for. */
@Path("/api/chains")
@Produces(MediaType.APPLICATION_JSON)
public class ChainResource {

    /** One chain: its name (what {@code ?chain=} takes, as does its id), L2 chain id and L1 contracts. */
    public record ChainView(String name, long chainId, String portal, String batcher, boolean primary) {
    }

    private final Chains chains;

    public ChainResource(Chains chains) {
        this.chains = chains;
    }

    @GET
    @Operation(summary = "The OP chains this instance works for, the primary first")
    public List<ChainView> list() {
        return chains.all().stream().map(c -> new ChainView(c.name(), c.id(), c.config().portalAddress(),
                c.config().batcherAddress(), c == chains.primary())).toList();
    }
}
