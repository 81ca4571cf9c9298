package io.opwb.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.opwb.chain.Chains;
import io.quarkus.runtime.StartupEvent;

/** The block explorers of {@link ExplorersConfig}, checked once at start: a wrong one stops the start, saying which. */
@ApplicationScoped
public class Explorers {

    /** A chain's explorers' base URLs (no trailing slash), each null when none is configured. */
    public record Links(String l1, String l2) {
        static final Links NONE = new Links(null, null);
    }

    private final Map<String, Links> byChain;

    public Explorers(ExplorersConfig config, Chains chains) {
        this.byChain = checked(config.chains(), chains);
    }

    void onStart(@Observes StartupEvent start) {
        // Checked in the constructor; touching the bean here makes a wrong value fail the start, not the first request.
        byChain.size();
    }

    /** The explorers of a chain, by its name. */
    public Links of(String chainName) {
        return byChain.getOrDefault(chainName, Links.NONE);
    }

    static Map<String, Links> checked(Map<String, ExplorersConfig.Explorer> configured, Chains chains) {
        Map<String, Links> links = new java.util.HashMap<>();
        configured.forEach((chain, explorer) -> {
            if (chains != null && chains.byNameOrId(chain).isEmpty()) {
                throw new IllegalArgumentException("opwb.api.explorers.\"" + chain + "\": no chain of this instance is named "
                        + chain + "; the chains are " + chains.all().stream().map(c -> c.name()).toList());
            }
            links.put(chain, new Links(url(chain, "l1", explorer.l1()), url(chain, "l2", explorer.l2())));
        });
        return Map.copyOf(links);
    }

    /** An explorer's base URL: http or https with a host, no query or fragment; without its trailing slash. */
    static String url(String chain, String layer, Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return null;
        }
        String v = value.get().trim();
        String name = "opwb.api.explorers.\"" + chain + "\"." + layer;
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                    || uri.getUserInfo() != null) {
                throw new IllegalArgumentException(name + " must be an http(s) URL with a host and no query, fragment"
                        + " or credentials, such as https://etherscan.io; it is '" + v + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + e.getMessage());
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }
}
