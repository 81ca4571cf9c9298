package io.opwb.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the live event streams ({@code /api/events}, {@code /api/withdrawals/{hash}/events}). */
@ConfigMapping(prefix = "opwb.api.events")
public interface EventsConfig {

    /** The most streams open at once; one more is refused with a 503. */
    @WithDefault("100")
    int maxSubscribers();

    /**
     * Events a stream may have waiting to be written to its connection; a client that falls
     * further behind is sent an end event and disconnected.
     */
    @WithDefault("10000")
    int buffer();

    /** Changes read from the database at a time; a read takes pages until it has caught up or read half a buffer. */
    @WithDefault("1000")
    int pageRows();

    /**
     * The feed reads when PostgreSQL notifies it of a change; it also reads this often, so that a
     * notification lost (a dropped connection) makes changes late, never lost.
     */
    @WithDefault("10s")
    java.time.Duration fallbackPoll();
}
