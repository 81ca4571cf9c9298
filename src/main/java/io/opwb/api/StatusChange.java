package io.opwb.api;

import java.time.OffsetDateTime;

/** One withdrawal's new status, as the event streams send it: the reason for people, its code for programs. */
public record StatusChange(String withdrawalHash, String status, String reason, String reasonCode, OffsetDateTime at,
        long chainId)
        implements FeedEvent {
}
