package io.opwb.chain;

/**
 * Whether the local devnet supplies the chains: on unless turned off ({@code OPWB_DEVNET_ENABLED=false}),
 * and only while no L1 RPC URL is given and the devnet is in the build at all (the production artifact,
 * {@code -Dproduction}, leaves it out). Read before the configuration exists (system property,
 * else environment), by the devnet's config source and by the chain presets, which refuse to mix
 * a real chain's addresses with the devnet's nodes.
 */
public final class DevnetDefault {

    private DevnetDefault() {
    }

    /** The devnet's config source, looked up by name: nothing in main code depends on the devnet. */
    private static final String DEVNET_SOURCE = "io/opwb/devnet/DevnetConfigSource.class";

    public static boolean applies() {
        return !"false".equalsIgnoreCase(setting("OPWB_DEVNET_ENABLED", "opwb.devnet.enabled"))
                && setting("OPWB_CHAIN_L1_RPC_URL", "opwb.chain.l1.rpc-url") == null
                && DevnetDefault.class.getClassLoader().getResource(DEVNET_SOURCE) != null;
    }

    /** A setting read before the configuration exists: the system property, else the environment variable. */
    public static String setting(String env, String property) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(env);
    }
}
