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

    /**
     * How long a probe waits for the very first look at the nodes before it answers "not ready yet"
     * (later probes get the last answer at once). Below the probes' timeout (3 to 5 s in deploy/).
     */
    @WithDefault("2s")
    Duration waitFirst();
}
