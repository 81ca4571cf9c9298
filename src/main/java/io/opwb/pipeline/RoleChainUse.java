package io.opwb.pipeline;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opwb.chain.ChainUse;

/** A replica acts on the chains unless its role is {@code api} (which only serves from its database). */
@ApplicationScoped
public class RoleChainUse implements ChainUse {

    private final boolean acts;

    public RoleChainUse(@ConfigProperty(name = "opwb.role", defaultValue = "all") String role) {
        this.acts = ServiceRole.parse(role).runsPipeline();
    }

    @Override
    public boolean actsOnChains() {
        return acts;
    }
}
