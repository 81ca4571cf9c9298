package io.opwb.api;

/** What an event stream carries: a status change, or, last, why the server ended the stream. */
public sealed interface FeedEvent permits StatusChange, FeedEvent.End {

    /** The stream's last event (SSE event name {@code end}); the connection closes after it. */
    record End(String reason) implements FeedEvent {
    }
}
