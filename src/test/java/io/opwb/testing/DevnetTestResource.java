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

    @Override
    public Map<String, String> start() {
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
