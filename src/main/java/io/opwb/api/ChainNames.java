package io.opwb.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.opwb.chain.Chains;

/** The chains as the API names them: a {@code chain} parameter is a chain's name or its L2 chain id. */
@ApplicationScoped
public class ChainNames {

    private final Chains chains;

    public ChainNames(Chains chains) {
        this.chains = chains;
    }

    /** The L2 chain id a {@code chain} parameter names; null when absent; 400 when no such chain. */
    public Long idOrNull(String chain) {
        if (chain == null || chain.isBlank()) {
            return null;
        }
        return chains.byNameOrId(chain.trim()).map(c -> c.id()).orElseThrow(() -> ApiException.badRequest(
                "chain: no chain named " + chain + "; the chains are " + chains.all().stream()
                        .map(c -> c.name() + " (" + c.id() + ")").toList()));
    }

    /** A row's chain name (its id when that chain is no longer configured). */
    public String name(long l2ChainId) {
        return chains.nameOf(l2ChainId);
    }
}
