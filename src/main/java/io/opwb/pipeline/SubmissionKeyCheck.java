package io.opwb.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.opwb.submission.SignerKey;
import io.quarkus.runtime.StartupEvent;

/**
 * At start, a replica that will send (the pipeline on, role {@code all} or {@code worker}, mode
 * {@code send}) loads its L1 keys, so a missing or malformed key stops the start with the setting
 * to fix rather than failing every cycle later. In read-only mode it says so once.
 */
@ApplicationScoped
public class SubmissionKeyCheck {

    private static final Logger LOG = Logger.getLogger(SubmissionKeyCheck.class);

    void onStart(@Observes StartupEvent event, PipelineConfig config, PipelineCycle.Disabled disabled,
            jakarta.enterprise.inject.Instance<SignerKey> key) {
        if (disabled.pipelineOff()) {
            return;
        }
        if (config.mode() == PipelineConfig.Mode.READ_ONLY) {
            LOG.info("read-only mode: indexing and statuses only; nothing is signed or sent");
            return;
        }
        check(key.get());
    }

    /** Loads the keys; a missing one is an error that names the settings (never a secret). */
    static void check(SignerKey key) {
        try {
            LOG.infof("sending from %s", key.addresses());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage()
                    + " (or run without sending: OPWB_PIPELINE_MODE=read-only)", e);
        }
    }
}
