package io.opwb.testing;

import java.util.Map;

import io.opwb.devnet.AsrEraStandIn;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.DevnetOptions;

/**
 * The ASR era STAND-IN flavour with Base's parameters ({@link AsrEraStandIn#baseLike()}: respected type 621 played
 * by a game without {@code l2BlockNumber()}, the earlier type-0 game retired; {@link DevnetClocks#baseLike()}: proof
 * maturity 1 day, finality delay 0, a game clock of 3.5 days) in real time, proposer and resolver running; tests warp
 * L1 time across the delays. The service's pipeline on against it with {@link PipelineDevnetTestResource}'s settings.
 */
public class BaseLikeDevnetTestResource extends DevnetTestResource {

    @Override
    protected Devnet startDevnet() {
        Devnet devnet = Devnet.start(new DevnetOptions(DevnetClocks.baseLike(), 1, 0,
                DevnetOptions.forTests().portalFunding()).withAsrEraStandIn(AsrEraStandIn.baseLike()));
        devnet.startActors(TestClocks.cadence());
        return devnet;
    }

    @Override
    protected Map<String, String> config(Devnet devnet) {
        return PipelineDevnetTestResource.pipelineConfig(devnet);
    }
}
