package io.opwb.chain;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the L1 node and every chain's L2 node answer and report the configured chain ids. */
@Readiness
@ApplicationScoped
public class ChainHealthCheck implements HealthCheck {

    private final ChainClients clients;
    private final ChainConfig config;
    private final Chains chains;
    private final ChainProbe probe;

    public ChainHealthCheck(ChainClients clients, ChainConfig config, Chains chains, ChainProbe probe) {
        this.clients = clients;
        this.config = config;
        this.chains = chains;
        this.probe = probe;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("chains").up();
        add(response, "l1", probe.probe(clients.l1Probe(), config.l1().chainId()));
        for (ChainContext chain : chains.all()) {
            add(response, chain.name(), probe.probe(chain.l2Probe(), chain.id()));
        }
        return response.build();
    }

    private static void add(HealthCheckResponseBuilder response, String name, ChainProbe.Answer answer) {
        if (!answer.up()) {
            response.down();
        }
        response.withData(name, answer.data());
    }
}
