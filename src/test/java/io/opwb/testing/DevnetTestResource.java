package io.opwb.testing;

import java.util.Map;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A devnet (mainnet clocks, auto-mining) for Quarkus tests; the service is pointed at it.
 * Subclasses start other kinds of devnet and add settings; one runs at a time, and
 * {@link #devnet()} returns it.
 */
public class DevnetTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Devnet devnet;
    private static volatile java.time.Instant startedAt;

    @Override
    public Map<String, String> start() {
        startedAt = java.time.Instant.now();
        devnet = startDevnet();
        return config(devnet);
    }

    protected Devnet startDevnet() {
        return Devnet.start(DevnetOptions.forTests());
    }

    /** The service's settings for this devnet. */
    protected Map<String, String> config(Devnet devnet) {
        return devnet.serviceConfig();
    }

    /** When the running devnet was started: what the service records after it is about this devnet. */
    public static java.time.Instant startedAt() {
        return startedAt;
    }

    /** The running devnet, for tests that act on the chains directly. */
    public static Devnet devnet() {
        return devnet;
    }

    @Override
    public void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }
}
