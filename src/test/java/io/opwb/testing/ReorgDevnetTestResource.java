package io.opwb.testing;

import java.util.HashMap;
import java.util.Map;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.DevnetOptions;

/**
 * A devnet with demo clocks whose L1 auto-mines and no actors: the test mines, warps, proposes,
 * reorgs and runs pipeline cycles itself, so a reorg lands exactly where it wants. Receipts need
 * {@link #CONFIRMATIONS} blocks; batches go as soon as anything is ready.
 */
public class ReorgDevnetTestResource extends DevnetTestResource {

    public static final int CONFIRMATIONS = 3;

    @Override
    protected Devnet startDevnet() {
        return Devnet.start(DevnetOptions.forTests().withClocks(DevnetClocks.demo()));
    }

    @Override
    protected Map<String, String> config(Devnet devnet) {
        Map<String, String> config = new HashMap<>(devnet.serviceConfig());
        config.put("opwb.submission.confirmations", Integer.toString(CONFIRMATIONS));
        config.put("opwb.batching.max-age", "0s");
        return config;
    }
}
