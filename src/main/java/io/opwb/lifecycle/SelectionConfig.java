package io.opwb.lifecycle;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Which withdrawals we act on. Status is served for every indexed withdrawal; only selected ones
 * are proven and finalized by us. With nothing set, all withdrawals of the chain are selected.
 */
@ConfigMapping(prefix = "opwb.selection")
public interface SelectionConfig {

    /** Only withdrawals whose sender or target is one of these addresses. */
    Optional<List<String>> addresses();

    /** Only withdrawals of at least this many wei. */
    Optional<BigInteger> minValueWei();
}
