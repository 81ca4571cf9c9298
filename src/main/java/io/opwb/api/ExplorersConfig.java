package io.opwb.api;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * Block explorers per chain, for the status page's links ({@code <base>/tx/<hash>}, {@code <base>/address/<addr>}):
 * {@code opwb.api.explorers."<chain name>".l1=https://etherscan.io} and {@code .l2=https://optimistic.etherscan.io}.
 * Optional (none on the devnet); each an http(s) URL, checked at start ({@link Explorers}).
 */
@ConfigMapping(prefix = "opwb.api.explorers")
public interface ExplorersConfig {

    @WithParentName
    Map<String, Explorer> chains();

    interface Explorer {
        Optional<String> l1();

        Optional<String> l2();
    }
}
