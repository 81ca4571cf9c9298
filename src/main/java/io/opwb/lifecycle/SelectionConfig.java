package io.opwb.lifecycle;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which withdrawals we act on, at our L1 gas: those carrying at least the minimum ETH value, and
 * those with a listed party ({@link SelectionPolicy}). Status is served for every indexed withdrawal;
 * only selected ones are proven and finalized by us.
 */
@ConfigMapping(prefix = "opwb.selection")
public interface SelectionConfig {

    /** Withdrawals with one of these addresses as a party are selected whatever their value. */
    Optional<List<String>> addresses();

    /**
     * Withdrawals carrying at least this much ETH (wei) are selected. Default 0.01 ETH: a stranger who
     * wants us to pay a withdrawal's L1 gas (about 379k for prove and finalize) must send at least this.
     */
    @WithDefault("10000000000000000")
    BigInteger minValueWei();
}
