package io.opwb.testing;

import java.util.Map;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;

/**
 * Two OP chains on one L1 in real time (demo clocks, proposer and resolver running for both): the
 * primary chain {@code l2} (901) and {@code l2b} (902), each with its own portal and batcher, both
 * operated by the same key. The service's pipeline works for both.
 */
public class TwoChainsDevnetTestResource extends DevnetTestResource {

    @Override
    protected Devnet startDevnet() {
        Devnet devnet = Devnet.start(new DevnetOptions(TestClocks.CLOCKS, 1, 0,
                DevnetOptions.forTests().portalFunding()).withAdditionalChains(1));
        devnet.startActors(TestClocks.cadence());
        return devnet;
    }

    @Override
    protected Map<String, String> config(Devnet devnet) {
        return PipelineDevnetTestResource.pipelineConfig(devnet);
    }
}
