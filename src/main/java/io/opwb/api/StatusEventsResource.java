package io.opwb.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.web3j.utils.Numeric;

import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/**
 * Live status changes as server-sent events: of every withdrawal, or of one. A change is an unnamed
 * event (EventSource's {@code message}); the server's {@link FeedEvent.End} is an event named {@code end}.
 */
@Path("/api")
public class StatusEventsResource {

    private final StatusChangeFeed feed;
    private final Tx tx;
    private final WithdrawalLookup lookup;

    @Context
    Sse sse;

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
    public Multi<OutboundSseEvent> all() {
        refuseWhenFull();
        return feed.changes(change -> true).map(this::sse);
    }

    @GET
    @Path("/withdrawals/{withdrawalHash}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "One withdrawal's status now, then its changes, live")
    @Blocking // the look-up answers 400/404 before the stream starts
    public Multi<OutboundSseEvent> one(@PathParam("withdrawalHash") String withdrawalHash,
            @QueryParam("chain") String chain) {
        WithdrawalEntity w = tx.read(() -> lookup.find(withdrawalHash, chain));
        refuseWhenFull();
        String key = Numeric.toHexString(w.withdrawalHash);
        var now = new StatusChange(key, w.status.name(), w.statusReason,
                w.reasonCode == null ? null : w.reasonCode.name(), w.statusUpdatedAt, w.l2ChainId);
        return Multi.createBy().concatenating().streams(Multi.createFrom().<FeedEvent>item(now),
                feed.changes(c -> c.withdrawalHash().equals(key) && c.chainId() == w.l2ChainId)).map(this::sse);
    }

    /** A 503 before the stream starts; a request that loses a race for the last place gets an end event instead. */
    private void refuseWhenFull() {
        if (!feed.hasRoom()) {
            throw ApiException.unavailable("too many event streams open: this server streams to at most "
                    + feed.maxSubscribers() + "; try again later");
        }
    }

    private OutboundSseEvent sse(FeedEvent event) {
        // JSON by the stream element type: an event's own media type would add a content-type line to each
        OutboundSseEvent.Builder builder = sse.newEventBuilder();
        if (event instanceof FeedEvent.End end) {
            return builder.name("end").data(FeedEvent.End.class, end).build();
        }
        return builder.data(StatusChange.class, event).build();
    }
}
