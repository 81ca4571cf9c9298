package io.opwb.testing;

import java.util.Map;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.DevnetOptions;

/**
 * The legacy flavour of the devnet (the legacy OptimismPortal with an L2OutputOracle) in real time, with the service's pipeline on. No
 * background proposer: the test proposes outputs itself, so that it decides when they appear.
 */
public class OutputOracleDevnetTestResource extends DevnetTestResource {

    /** Long enough to delete an output after the service has proven against it (the oracle forbids it later). */
    public static final long FINALIZATION_PERIOD = 30;

    @Override
    protected Devnet startDevnet() {
        return Devnet.start(new DevnetOptions(new DevnetClocks(12, 0, FINALIZATION_PERIOD, 6, 0), 1, 0,
                DevnetOptions.forTests().portalFunding())
                .withOutputOraclePortal());
    }

    @Override
    protected Map<String, String> config(Devnet devnet) {
        return PipelineDevnetTestResource.pipelineConfig(devnet);
    }
}
