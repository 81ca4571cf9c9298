package io.opwb.chain;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the L1 node and every chain's L2 node answer and report the configured chain ids
 * (any node of a failover list will do) — in a replica that acts on the chains. The api role
 * serves from its database alone and does not ask. An answer is kept for
 * {@code opwb.readiness.cache} (Knative and Kubernetes probe every few seconds; the nodes
 * need not hear from every probe).
 */
@Readiness
@ApplicationScoped
public class ChainHealthCheck implements HealthCheck {

    private final ChainClients clients;
    private final ChainConfig config;
    private final Chains chains;
    private final ChainUse use;
    private final CachedAnswer<HealthCheckResponse> cache;

    public ChainHealthCheck(ChainClients clients, ChainConfig config, Chains chains, ChainUse use,
            ReadinessConfig readiness) {
        this.clients = clients;
        this.config = config;
        this.chains = chains;
        this.use = use;
        this.cache = new CachedAnswer<>(readiness.cache());
    }

    @Override
    public HealthCheckResponse call() {
        if (!use.actsOnChains()) {
            return HealthCheckResponse.named("chains").up()
                    .withData("nodes", "not asked: this replica serves from its database only").build();
        }
        return cache.get(this::probe);
    }

    private HealthCheckResponse probe() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("chains").up();
        add(response, "l1", ChainProbe.probe(clients.l1Probes(), config.l1().chainId()));
        for (ChainContext chain : chains.all()) {
            add(response, chain.name(), ChainProbe.probe(chain.l2Probes(), chain.id()));
        }
        return response.build();
    }

    private static void add(HealthCheckResponseBuilder response, String name, ChainProbe.Answer answer) {
        if (!answer.up()) {
            response.down();
        }
        response.withData(name, answer.data());
    }

    /** Keeps a value for a while; the first caller after it expires computes the next (others wait). */
    static final class CachedAnswer<T> {
        private final long keepNanos;
        private T value;
        private long madeAt;

        CachedAnswer(Duration keep) {
            this.keepNanos = keep.toNanos();
        }

        synchronized T get(java.util.function.Supplier<T> make) {
            long now = System.nanoTime();
            if (value == null || now - madeAt >= keepNanos) {
                value = make.get();
                madeAt = System.nanoTime();
            }
            return value;
        }
    }
}
