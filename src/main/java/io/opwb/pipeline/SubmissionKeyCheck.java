package io.opwb.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.opwb.submission.FeeBumpPolicy;
import io.opwb.submission.FeeSanityPolicy;
import io.opwb.submission.SignerKey;
import io.opwb.submission.SubmissionConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * At start, a replica that will send (the pipeline on, role {@code all} or {@code worker}, mode
 * {@code send}) loads its L1 keys and checks its fee settings, so a missing or malformed key or a
 * fee limit that cannot work stops the start with the setting to fix rather than failing every
 * cycle later. In read-only mode it says so once.
 */
@ApplicationScoped
public class SubmissionKeyCheck {

    private static final Logger LOG = Logger.getLogger(SubmissionKeyCheck.class);

    void onStart(@Observes StartupEvent event, PipelineConfig config, ManifestConfig manifests,
            PipelineCycle.Disabled disabled, jakarta.enterprise.inject.Instance<SignerKey> key,
            jakarta.enterprise.inject.Instance<io.opwb.chain.Chains> chains,
            jakarta.enterprise.inject.Instance<io.opwb.chain.ChainClients> clients, SubmissionConfig submission) {
        if (disabled.pipelineOff()) {
            return;
        }
        if (config.mode() == PipelineConfig.Mode.READ_ONLY) {
            LOG.info("read-only mode: indexing and statuses only; nothing is signed or sent");
            return;
        }
        try {
            if (config.mode() == PipelineConfig.Mode.DRY_RUN) {
                checkDryRun(config, manifests, key);
            } else {
                check(key.get());
                checkFeeSettings(submission);
            }
            checkBatchers(chains.get(), clients.get().l1());
        } catch (IllegalStateException e) {
            // Without a cause, Quarkus prints just this line: the setting to fix, no stack trace.
            throw new io.quarkus.runtime.configuration.ConfigurationException("refusing to start: " + e.getMessage());
        }
    }

    /** The fee limits a sending replica will apply: settings that cannot work stop the start, not every send. */
    static void checkFeeSettings(SubmissionConfig submission) {
        try {
            FeeBumpPolicy.from(submission);
            FeeSanityPolicy.from(submission.feeSanity());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("fee settings (opwb.submission.*): " + e.getMessage());
        }
    }

    /**
     * A replica that sends (or simulates sending) needs our batcher deployed on every chain: a
     * batch to an address without code would "succeed" doing nothing. An unreachable node is left
     * to readiness.
     */
    static void checkBatchers(io.opwb.chain.Chains chains, org.web3j.protocol.Web3j l1) {
        for (io.opwb.chain.ChainContext chain : chains.all()) {
            String batcher = chain.config().batcherAddress();
            boolean deployed;
            try {
                deployed = io.opwb.chain.ChainStartupCheck.hasCode(l1, batcher);
            } catch (java.io.IOException e) {
                LOG.warnf("%s: could not check the batcher %s at start: %s", chain, batcher, e.getMessage());
                continue;
            }
            if (!deployed) {
                throw new IllegalStateException(chain.name() + ": no contract at the batcher address " + batcher
                        + (batcher.equals(io.opwb.chain.OpChainConfig.NO_BATCHER) ? " (none set)" : "")
                        + ": deploy one (the deploy-batcher command) and set OPWB_CHAIN_BATCHER_ADDRESS, or run "
                        + "without sending: OPWB_PIPELINE_MODE=read-only");
            }
        }
    }

    /** A dry run needs the address it simulates from (an operator), not a key; operator batches only. */
    static void checkDryRun(PipelineConfig config, ManifestConfig manifests,
            jakarta.enterprise.inject.Instance<SignerKey> key) {
        if (manifests.enabled()) {
            throw new IllegalStateException("dry-run mode simulates operator batches: turn manifest mode off "
                    + "(opwb.manifest.enabled=false) for the dry run");
        }
        String from;
        try {
            from = DryRun.from(config, key);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException("dry-run mode simulates batches from an operator of the batcher: "
                    + "set OPWB_PIPELINE_DRY_RUN_FROM to its address (no key needed), or configure its key ("
                    + e.getMessage() + ")", e);
        }
        if (!org.web3j.crypto.WalletUtils.isValidAddress(from)) {
            throw new IllegalStateException("opwb.pipeline.dry-run-from is not an address: " + from);
        }
        LOG.infof("dry-run mode: batches are simulated from %s and recorded; nothing is signed or sent", from);
    }

    /**
     * Loads the keys (or finds the remote signer's address); a missing one is an error that names the settings
     * (never a secret), and so is a remote signer that answers that it does not hold the submitter's key.
     */
    static void check(SignerKey key) {
        try {
            LOG.infof("sending from %s, signed by %s", key.addresses(), key.signer().description());
            key.signer().checkAtStart();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage()
                    + " (or run without sending: OPWB_PIPELINE_MODE=read-only)", e);
        }
    }
}
