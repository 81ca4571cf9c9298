package io.opwb.testing;

import java.util.Map;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A devnet (mainnet clocks, auto-mining) for Quarkus tests; the service is pointed at it. */
public class DevnetTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Devnet devnet;

    @Override
    public Map<String, String> start() {
        devnet = Devnet.start(DevnetOptions.forTests());
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
