package io.opwb.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.web3j.utils.Numeric;

import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/** Live status changes as server-sent events: of every withdrawal, or of one. */
@Path("/api")
public class StatusEventsResource {

    private final StatusChangeFeed feed;
    private final Tx tx;

    private final WithdrawalLookup lookup;

    public StatusEventsResource(StatusChangeFeed feed, Tx tx, WithdrawalLookup lookup) {
        this.feed = feed;
        this.tx = tx;
        this.lookup = lookup;
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every withdrawal's status changes, live")
    public Multi<StatusChangeFeed.StatusChange> all() {
        return feed.changes();
    }

    @GET
    @Path("/withdrawals/{withdrawalHash}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "One withdrawal's status now, then its changes, live")
    @Blocking // the look-up answers 400/404 before the stream starts
    public Multi<StatusChangeFeed.StatusChange> one(@PathParam("withdrawalHash") String withdrawalHash,
            @jakarta.ws.rs.QueryParam("chain") String chain) {
        WithdrawalEntity w = tx.read(() -> lookup.find(withdrawalHash, chain));
        String key = Numeric.toHexString(w.withdrawalHash);
        var now = new StatusChangeFeed.StatusChange(key, w.status, w.statusReason, w.statusUpdatedAt, w.l2ChainId);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(now),
                feed.changes().select().where(c -> c.withdrawalHash().equals(key) && c.chainId() == w.l2ChainId));
    }
}
