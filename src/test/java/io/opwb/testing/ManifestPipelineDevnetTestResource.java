package io.opwb.testing;

import java.util.HashMap;
import java.util.Map;

import io.opwb.devnet.Devnet;

/** The pipeline devnet with the service in manifest mode: chunks of at most {@link #CHUNK_ITEMS} items. */
public class ManifestPipelineDevnetTestResource extends PipelineDevnetTestResource {

    public static final int CHUNK_ITEMS = 4;

    @Override
    protected Map<String, String> config(Devnet devnet) {
        Map<String, String> config = new HashMap<>(pipelineConfig(devnet)); // local keys: chunks go over two
        config.put("opwb.manifest.enabled", "true");
        config.put("opwb.manifest.chunk-items", Integer.toString(CHUNK_ITEMS));
        return config;
    }
}
