package io.opwb.testing;

import java.time.Duration;

import io.opwb.devnet.DevnetActors;
import io.opwb.devnet.DevnetClocks;

/**
 * The clocks of the real-time devnets the tests run against: as short as the contracts allow while a
 * withdrawal still passes every stage one after another (the demo's are longer, for people watching).
 * A withdrawal's life takes about 20 s of wall time instead of the demo's 40.
 */
public final class TestClocks {

    /** A game resolves 6 s after creation, a proof matures in 8 s, a resolved game is final 2 s later. */
    public static final DevnetClocks CLOCKS = new DevnetClocks(6, 0, 8, 2, 0);

    /** A proposal every 2 s, expired games resolved every second. */
    public static DevnetActors.Cadence cadence() {
        return DevnetActors.Cadence.proposeAndResolve(Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    /** A batch closes this long after its first withdrawal became ready (unless full before). */
    public static final String BATCH_MAX_AGE = "3s";

    private TestClocks() {
    }
}
