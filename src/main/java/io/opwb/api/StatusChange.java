package io.opwb.api;

import java.time.OffsetDateTime;

/** One withdrawal's new status, as the event streams send it. */
public record StatusChange(String withdrawalHash, String status, String reason, OffsetDateTime at, long chainId)
        implements FeedEvent {
}
