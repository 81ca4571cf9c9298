package io.opwb.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pipeline cycle: index, track, prove, finalize. */
@ConfigMapping(prefix = "opwb.pipeline")
public interface PipelineConfig {

    /** Off: the service serves its API and indexes nothing (tests without chains). */
    @WithDefault("true")
    boolean enabled();

    /** How often a cycle runs (read by the scheduler as {@code ${opwb.pipeline.interval}}). */
    @WithDefault("2s")
    java.time.Duration interval();

    /** After this many failed attempts a withdrawal is skipped, with the last reason. */
    @WithDefault("3")
    int maxAttempts();
}
