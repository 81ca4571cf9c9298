package io.opwb.testing;

import java.util.HashMap;
import java.util.Map;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;

/**
 * A devnet that lives in real time (L1 block every second, {@link TestClocks}, proposer and resolver
 * running) and the service's pipeline turned on against it, with small batch windows. The service holds
 * no key: the L1 anvil signs its transactions as its remote signer ({@link Devnet#withL1AsRemoteSigner}).
 * Resources that extend this one start from {@link #pipelineConfig}, with the key in the settings.
 */
public class PipelineDevnetTestResource extends DevnetTestResource {

    public static final int MAX_ITEMS = 50;

    @Override
    protected Devnet startDevnet() {
        Devnet devnet = Devnet.start(new DevnetOptions(TestClocks.CLOCKS, 1, 0,
                DevnetOptions.forTests().portalFunding()));
        devnet.startActors(TestClocks.cadence());
        return devnet;
    }

    @Override
    protected Map<String, String> config(Devnet devnet) {
        Map<String, String> config = devnet.withL1AsRemoteSigner(pipelineConfig(devnet));
        // Empty, not absent: the tests' fallback source (UnreachableChainsConfigSource) would give a key.
        config.put("opwb.submission.private-key", "");
        return config;
    }

    /** The devnet's settings with the pipeline on: a cycle a second, batches of 50, closed after {@link TestClocks#BATCH_MAX_AGE}. */
    public static Map<String, String> pipelineConfig(Devnet devnet) {
        Map<String, String> config = new HashMap<>(devnet.serviceConfig());
        config.put("opwb.pipeline.enabled", "true");
        config.put("opwb.pipeline.interval", "1s");
        config.put("opwb.batching.max-items", Integer.toString(MAX_ITEMS));
        config.put("opwb.batching.max-age", TestClocks.BATCH_MAX_AGE);
        return config;
    }
}
