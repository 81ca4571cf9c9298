package io.opwb.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Logs, once at start, which chains the service talks to. */
@ApplicationScoped
public class ChainStartupCheck {

    private static final Logger LOG = Logger.getLogger(ChainStartupCheck.class);

    void onStart(@Observes StartupEvent event, ChainConfig config) {
        LOG.infof("L1 chain %d at %s, OptimismPortal2 %s; L2 chain %d at %s", config.l1().chainId(),
                config.l1().rpcUrl(), config.portalAddress(), config.l2().chainId(), config.l2().rpcUrl());
    }
}
