package io.opwb.testing;

import java.util.Map;

import io.opwb.devnet.AsrEraStandIn;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.PortalFlavour;

/**
 * The ASR era STAND-IN flavour of the devnet (OP-Mainnet-like: our stand-ins for OptimismPortal2 5.6.1, the
 * AnchorStateRegistry 3.9.0 and the ETHLockbox, a {@code StandInFaultDisputeGame} of type 1 respected) in real time
 * (L1 block every second, demo clocks), proposer and resolver running, and the service's pipeline on against it with
 * {@link PipelineDevnetTestResource}'s settings. The service gets the stand-in portal as
 * {@code opwb.chain.portal-address}; the registry and the lockbox are in {@code opwb.devnet.*}
 * ({@link Devnet#ASR_ERA_REGISTRY_KEY}, {@link Devnet#ASR_ERA_LOCKBOX_KEY}).
 */
public class AsrEraDevnetTestResource extends DevnetTestResource {

    @Override
    protected Devnet startDevnet() {
        Devnet devnet = Devnet.start(new DevnetOptions(TestClocks.CLOCKS, 1, 0,
                DevnetOptions.forTests().portalFunding()).withAsrEraStandIn(AsrEraStandIn.opMainnetLike()));
        devnet.startActors(TestClocks.cadence());
        return devnet;
    }

    @Override
    protected Map<String, String> config(Devnet devnet) {
        return PipelineDevnetTestResource.pipelineConfig(devnet);
    }

    /** The running ASR era devnet (the same as {@link DevnetTestResource#devnet()}, checked to be that flavour). */
    public static Devnet asrEraDevnet() {
        Devnet devnet = DevnetTestResource.devnet();
        if (devnet == null || devnet.deployment().flavour() != PortalFlavour.ASR_ERA_STAND_IN) {
            throw new IllegalStateException("no ASR era stand-in devnet is running (use @WithTestResource("
                    + AsrEraDevnetTestResource.class.getSimpleName() + ".class))");
        }
        return devnet;
    }
}
