package io.opwb.devnet;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.opwb.chain.DevnetDefault;

/**
 * The service's default chains: when no L1 RPC URL is configured (neither
 * {@code OPWB_CHAIN_L1_RPC_URL} nor the system property), the first look-up of an
 * {@code opwb.chain.*} property starts the local devnet with short clocks and its proposer,
 * resolver and traffic, and answers with its endpoints and addresses. It has the lowest ordinal, so
 * application.properties, the environment and test resources always win.
 * <p>
 * It lists no property names, so that the build, which enumerates sources, never starts it.
 * {@code OPWB_DEVNET_ENABLED=false} turns it off.
 */
public final class DevnetConfigSource implements ConfigSource {

    /** The devnet answers these keys, and only these: {@link Devnet#serviceConfig()}'s. */
    static final Set<String> KEYS = Set.of("opwb.chain.l1.rpc-url", "opwb.chain.l1.chain-id",
            "opwb.chain.l2.rpc-url", "opwb.chain.l2.chain-id", "opwb.chain.portal-address",
            "opwb.chain.batcher-address", "opwb.chain.l1-messenger-address", "opwb.submission.private-key", "opwb.submission.additional-private-keys",
            "opwb.submission.manifest-signer.url", "opwb.submission.manifest-signer.address",
            "opwb.indexing.l1-confirmations", "opwb.selection.min-value-wei",
            "opwb.indexing.l2-confirmations", "opwb.batching.max-age", "opwb.fees.base-fee-ceiling-wei",
            "opwb.fees.deadline", "opwb.fees.urgency", Devnet.ASR_ERA_REGISTRY_KEY, Devnet.ASR_ERA_LOCKBOX_KEY);
    private static Devnet devnet;
    private static Map<String, String> config;

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public int getOrdinal() {
        return 40;
    }

    @Override
    public String getName() {
        return "local-devnet";
    }

    @Override
    public String getValue(String propertyName) {
        if (!KEYS.contains(propertyName) || !DevnetDefault.applies()) {
            return null;
        }
        return devnetConfig().get(propertyName);
    }

    private static synchronized Map<String, String> devnetConfig() {
        if (config == null) {
            DevnetOptions options = DevnetOptions.forDemo();
            String slots = DevnetDefault.setting("OPWB_DEVNET_FILLER_SLOTS", "opwb.devnet.filler-slots");
            if (slots != null) {
                options = options.withFillerSlots(Integer.parseInt(slots));
            }
            String portal = DevnetDefault.setting("OPWB_DEVNET_PORTAL", "opwb.devnet.portal");
            if ("output-oracle".equalsIgnoreCase(portal)) {
                options = options.withOutputOraclePortal();
            } else if ("asr-stand-in".equalsIgnoreCase(portal)) {
                // Our STAND-INS for op-contracts v7 (OP-Mainnet-like parameters), with the demo's clocks.
                options = options.withAsrEraStandIn(AsrEraStandIn.opMainnetLike());
            }
            devnet = Devnet.start(options);
            devnet.startActors(DevnetActors.Cadence.demo());
            Runtime.getRuntime().addShutdownHook(new Thread(devnet::close, "devnet-stop"));
            Map<String, String> demo = new java.util.HashMap<>(devnet.serviceConfig());
            // The demo's traffic is light: close batch windows after 30 s rather than 5 min.
            demo.put("opwb.batching.max-age", "30s");
            // Its base fee spikes now and then (DevnetActors): batches wait them out, up to a deadline.
            demo.put("opwb.fees.base-fee-ceiling-wei", DevnetActors.DEMO_FEE_CEILING.toString());
            demo.put("opwb.fees.deadline", "90s");
            demo.put("opwb.fees.urgency", "30s");
            config = Map.copyOf(demo);
        }
        return config;
    }
}
