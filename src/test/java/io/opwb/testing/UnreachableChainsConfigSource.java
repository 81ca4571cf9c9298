package io.opwb.testing;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * For tests: chains that answer nowhere (a closed loopback port), one ordinal above the devnet
 * source so that no test starts a devnet by accident. {@link DevnetTestResource} overrides it.
 */
public final class UnreachableChainsConfigSource implements ConfigSource {

    private static final Map<String, String> VALUES = Map.of(
            "opwb.chain.l1.rpc-url", "http://127.0.0.1:9",
            "opwb.chain.l1.chain-id", "900",
            "opwb.chain.l2.rpc-url", "http://127.0.0.1:9",
            "opwb.chain.l2.chain-id", "901",
            "opwb.chain.portal-address", "0x0000000000000000000000000000000000000000",
            "opwb.chain.batcher-address", "0x0000000000000000000000000000000000000000",
            "opwb.submission.private-key", "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");

    @Override
    public Set<String> getPropertyNames() {
        return VALUES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public int getOrdinal() {
        return 45;
    }

    @Override
    public String getName() {
        return "test-unreachable-chains";
    }
}
