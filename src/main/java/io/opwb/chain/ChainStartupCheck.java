package io.opwb.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Logs, once at start, which chains the service talks to. */
@ApplicationScoped
public class ChainStartupCheck {

    private static final Logger LOG = Logger.getLogger(ChainStartupCheck.class);

    void onStart(@Observes StartupEvent event, ChainConfig config, Chains chains) {
        LOG.infof("L1 chain %d at %s", config.l1().chainId(), config.l1().rpcUrl());
        for (ChainContext chain : chains.all()) {
            LOG.infof("OP chain %s: L2 chain %d at %s, portal %s, batcher %s", chain.name(), chain.id(),
                    chain.config().l2().rpcUrl(), chain.config().portalAddress(), chain.config().batcherAddress());
        }
    }
}
