package io.opwb.testing;

import java.util.HashMap;
import java.util.Map;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.DevnetOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A devnet with demo clocks whose L1 auto-mines and no actors: the test mines, warps, proposes,
 * reorgs and runs pipeline cycles itself, so a reorg lands exactly where it wants. Receipts need
 * {@link #CONFIRMATIONS} blocks; batches go as soon as anything is ready.
 */
public class ReorgDevnetTestResource implements QuarkusTestResourceLifecycleManager {

    public static final int CONFIRMATIONS = 3;
    private static volatile Devnet devnet;

    @Override
    public Map<String, String> start() {
        devnet = Devnet.start(DevnetOptions.forTests().withClocks(DevnetClocks.demo()));
        Map<String, String> config = new HashMap<>(devnet.serviceConfig());
        config.put("opwb.submission.confirmations", Integer.toString(CONFIRMATIONS));
        config.put("opwb.batching.max-age", "0s");
        return config;
    }

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
