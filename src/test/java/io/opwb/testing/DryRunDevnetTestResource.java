package io.opwb.testing;

import java.util.Map;

import io.opwb.devnet.Devnet;

/**
 * The pipeline devnet, with the service in dry-run mode. Its key stays configured (and is the
 * address batches are simulated from), so that anything the mode let through would be signed and sent.
 */
public class DryRunDevnetTestResource extends PipelineDevnetTestResource {

    @Override
    protected Map<String, String> config(Devnet devnet) {
        Map<String, String> config = pipelineConfig(devnet);
        config.put("opwb.pipeline.mode", "dry-run");
        return config;
    }
}
