package io.opwb.chain;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says which portal the chain runs (OptimismPortal2, or the legacy OptimismPortal with an
 * L2OutputOracle); not ready when the configured address is no portal at all. The kind is asked of
 * the chain and kept for ten minutes (it changes only by an upgrade).
 */
@Readiness
@ApplicationScoped
public class PortalKindHealthCheck implements HealthCheck {

    private static final Duration KEEP = Duration.ofMinutes(10);

    private final ChainClients clients;
    private final ChainConfig config;
    private volatile PortalKind known;
    private volatile Instant knownAt = Instant.EPOCH;

    public PortalKindHealthCheck(ChainClients clients, ChainConfig config) {
        this.clients = clients;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("portal").withData("address", config.portalAddress());
        PortalKind kind = known;
        if (kind == null || Instant.now().isAfter(knownAt.plus(KEEP))) {
            try {
                kind = PortalKind.detect(clients.l1Probe(), config.portalAddress());
                known = kind;
                knownAt = Instant.now();
            } catch (IOException e) {
                // the chains check reports the node itself
                return response.up().withData("kind", "not known yet: the L1 node did not answer").build();
            } catch (IllegalStateException e) {
                return response.down().withData("kind", e.getMessage()).build();
            }
        }
        return response.up().withData("kind", kind == PortalKind.FAULT_PROOF ? "OptimismPortal2 (fault proofs)"
                : "legacy OptimismPortal with an L2OutputOracle (proofs against output proposals)").build();
    }
}
