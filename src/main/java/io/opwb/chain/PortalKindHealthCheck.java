package io.opwb.chain;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says which portal the chain runs (OptimismPortal2, or the legacy OptimismPortal with an
 * L2OutputOracle); not ready when the configured address is no portal at all. The kind is asked of
 * the chain and kept for ten minutes (it changes only by an upgrade). Not asked by the api role,
 * which serves from its database only.
 */
@Readiness
@ApplicationScoped
public class PortalKindHealthCheck implements HealthCheck {

    private static final Duration KEEP = Duration.ofMinutes(10);

    private final ChainClients clients;
    private final Chains chains;
    private final ChainUse use;
    private final Map<Long, PortalKind> known = new ConcurrentHashMap<>();
    private volatile Instant knownAt = Instant.EPOCH;

    public PortalKindHealthCheck(ChainClients clients, Chains chains, ChainUse use) {
        this.clients = clients;
        this.chains = chains;
        this.use = use;
    }

    /** Each chain's portal, by chain name: its kind and address. */
    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("portal").up();
        if (!use.actsOnChains()) {
            return response.withData("portals", "not asked: this replica serves from its database only").build();
        }
        if (Instant.now().isAfter(knownAt.plus(KEEP))) {
            known.clear();
            knownAt = Instant.now();
        }
        for (ChainContext chain : chains.all()) {
            String portal = chain.config().portalAddress();
            PortalKind kind = known.get(chain.id());
            if (kind == null) {
                try {
                    kind = PortalKind.detect(clients.l1Probe(), portal);
                    known.put(chain.id(), kind);
                } catch (IOException e) {
                    // the chains check reports the node itself
                    response.withData(chain.name(), "not known yet: the L1 node did not answer");
                    continue;
                } catch (IllegalStateException e) {
                    response.down().withData(chain.name(), e.getMessage());
                    continue;
                }
            }
            response.withData(chain.name(), (kind == PortalKind.FAULT_PROOF ? "OptimismPortal2 (fault proofs)"
                    : "legacy OptimismPortal with an L2OutputOracle (proofs against output proposals)") + " at "
                    + portal);
        }
        return response.build();
    }
}
