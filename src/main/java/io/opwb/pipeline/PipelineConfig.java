package io.opwb.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pipeline cycle: index, track, prove, finalize. */
@ConfigMapping(prefix = "opwb.pipeline")
public interface PipelineConfig {

    /** Off: the service serves its API and indexes nothing (tests without chains). */
    @WithDefault("true")
    boolean enabled();

    /**
     * {@code send}: index, track, prove and finalize. {@code read-only}: index, track statuses and
     * serve them; no key is needed and nothing is ever signed or sent. {@code dry-run}: everything
     * but signing and broadcasting: each batch it would send is simulated on L1 and recorded, with
     * its gas and what one transaction per step would have cost ({@code /api/dry-run/batches}).
     */
    @WithDefault("send")
    Mode mode();

    enum Mode {
        SEND, READ_ONLY, DRY_RUN
    }

    /**
     * Dry-run mode: the address batches are simulated from, an operator of the batcher (no key
     * needed). Unset: the configured key's address.
     */
    Optional<String> dryRunFrom();

    /** How often a cycle runs (read by the scheduler as {@code ${opwb.pipeline.interval}}). */
    @WithDefault("2s")
    Duration interval();

    /** After this many failed attempts a withdrawal is skipped, with the last reason. */
    @WithDefault("3")
    int maxAttempts();

    /**
     * A chain whose cycles have not all succeeded for this long is stalled: the worker's liveness
     * check turns DOWN with the failing stages and their errors (a restart hands the lease to another
     * replica), and the alert {@code OpwbPipelineStalled} fires on the failure gauge.
     */
    @WithDefault("15m")
    Duration stallAfter();

    /** The worker lease: among replicas on one database, only its holder indexes and submits. */
    Lease lease();

    /**
     * Fault injection for crash tests, never for production: the first time the pipeline reaches
     * one of these points (see {@link CrashPoints}) it logs so and stands still for a minute,
     * so that a test can kill the process exactly there.
     */
    Optional<Set<String>> pauseAt();

    interface Lease {
        /** A holder that stops renewing loses the lease after this long. */
        @WithDefault("15s")
        Duration ttl();

        /** How often the holder renews, independently of long cycles. */
        @WithDefault("5s")
        Duration renewEvery();

        /** This replica's name in the lease table; default: host name, process id and a random suffix. */
        Optional<String> holder();
    }
}
