package io.opwb.chain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

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
 * need not hear from every probe), and looked at again in the background: a probe never waits
 * for a slow node, except for the very first answer.
 */
@Readiness
@ApplicationScoped
public class ChainHealthCheck implements HealthCheck {

    /** One look at a time, off the probes' threads; daemon, so it never holds the process. */
    private static final Executor PROBE_THREAD = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "readiness-node-probe");
        thread.setDaemon(true);
        return thread;
    });

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
        this.cache = new CachedAnswer<>(readiness.cache(), readiness.waitFirst(),
                HealthCheckResponse.named("chains").down().withData("nodes", "no answer from the nodes yet").build(),
                PROBE_THREAD);
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

    /**
     * Keeps an answer for a while. Once it is older, the next caller starts one new look in the
     * background and, like every caller until that look ends, gets the last answer at once: a
     * hanging node (each call bounded by the probe timeout) never makes the probes themselves time
     * out or queue. Before the first answer, callers wait for it up to {@code waitFirst}, then hear
     * {@code noAnswerYet}. A zero {@code keep} asks on every call, in the caller's thread.
     */
    static final class CachedAnswer<T> {
        private final long keepNanos;
        private final Duration waitFirst;
        private final T noAnswerYet;
        private final Executor looks;
        private T value;
        private long madeAt;
        private CompletableFuture<T> looking;

        CachedAnswer(Duration keep, Duration waitFirst, T noAnswerYet, Executor looks) {
            this.keepNanos = keep.toNanos();
            this.waitFirst = waitFirst;
            this.noAnswerYet = noAnswerYet;
            this.looks = looks;
        }

        T get(Supplier<T> make) {
            if (keepNanos == 0) {
                return make.get();
            }
            CompletableFuture<T> first;
            synchronized (this) {
                if (value != null && System.nanoTime() - madeAt < keepNanos) {
                    return value;
                }
                CompletableFuture<T> look = looking;
                if (look == null) {
                    CompletableFuture<T> started = CompletableFuture.supplyAsync(make, looks);
                    look = started;
                    looking = started;
                    // A look that has already ended keeps its answer here, on this thread, and clears `looking`.
                    started.whenComplete((answer, failure) -> keep(started, answer));
                }
                if (value != null) {
                    return value;
                }
                first = look;
            }
            try {
                return first.get(waitFirst.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return noAnswerYet;
            } catch (ExecutionException | TimeoutException e) {
                return noAnswerYet;
            }
        }

        private synchronized void keep(CompletableFuture<T> look, T answer) {
            if (looking == look) {
                looking = null;
            }
            if (answer != null) {
                value = answer;
                madeAt = System.nanoTime();
            }
        }
    }
}
