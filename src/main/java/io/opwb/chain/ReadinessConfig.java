package io.opwb.chain;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How readiness asks the nodes ({@code opwb.readiness.*}). */
@ConfigMapping(prefix = "opwb.readiness")
public interface ReadinessConfig {

    /** How long a look at the nodes answers the probes: they come every few seconds, each from every kubelet. */
    @WithDefault("5s")
    Duration cache();
}
