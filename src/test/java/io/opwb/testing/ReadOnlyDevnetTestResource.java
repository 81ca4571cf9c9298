package io.opwb.testing;

import java.util.Map;

import io.opwb.devnet.Devnet;

/**
 * The pipeline devnet, with the service in read-only mode. Its key stays configured, so that
 * anything the mode let through would be signed and sent (that a key is not needed is
 * {@code SubmissionKeyCheckTest}'s part).
 */
public class ReadOnlyDevnetTestResource extends PipelineDevnetTestResource {

    @Override
    protected Map<String, String> config(Devnet devnet) {
        Map<String, String> config = pipelineConfig(devnet);
        config.put("opwb.pipeline.mode", "read-only");
        return config;
    }
}
