package io.opwb.pipeline;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.opwb.storage.LeaseRepository;
import io.opwb.storage.Tx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * This replica's claim on the worker lease. Every replica serves the API; only the holder runs
 * the pipeline. The lease is renewed on its own schedule, so that a long cycle does not lose it,
 * and every batch is committed together with a check that the lease is still ours (fencing):
 * a replica that stalled past its lease cannot send what the new holder may send too.
 */
@ApplicationScoped
public class WorkerLease {

    public static final String NAME = "worker";
    private static final Logger LOG = Logger.getLogger(WorkerLease.class);

    private final LeaseRepository leases;
    private final Tx tx;
    private final PipelineConfig config;
    private final String holder;
    private volatile Long epoch;
    private volatile long heldUntilNanos;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final io.micrometer.core.instrument.Gauge heldGauge;

    public WorkerLease(LeaseRepository leases, Tx tx, PipelineConfig config,
            io.micrometer.core.instrument.MeterRegistry registry) {
        this.leases = leases;
        this.tx = tx;
        this.config = config;
        this.holder = config.lease().holder().orElseGet(WorkerLease::defaultHolder);
        this.registry = registry;
        // A gauge of the same name left by an earlier application in this JVM (tests) would be returned
        // instead of a new one, and report that instance: drop it first.
        registry.find("opwb.worker.lease.held").meters().forEach(registry::remove);
        this.heldGauge = io.micrometer.core.instrument.Gauge.builder("opwb.worker.lease.held", this, l -> l.held() ? 1 : 0)
                .description("1 while this replica holds the worker lease (indexes and submits)").strongReference(true).register(registry);
    }

    private static String defaultHolder() {
        String host = System.getenv().getOrDefault("HOSTNAME", "host");
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String holder() {
        return holder;
    }

    /** Takes or renews the lease; true while this replica holds it. */
    public synchronized boolean acquireOrRenew() {
        long started = System.nanoTime();
        Duration ttl = config.lease().ttl();
        Long now;
        try {
            now = tx.inTransaction(() -> leases.acquireOrRenew(NAME, holder, ttl));
        } catch (RuntimeException e) {
            LOG.warnf("worker lease: could not renew (%s); holding it locally until it expires", e.getMessage());
            return held();
        }
        if (now == null) {
            if (epoch != null) {
                LOG.warnf("worker lease lost by %s (epoch %d): another replica holds it", holder, epoch);
            }
            epoch = null;
            return false;
        }
        if (!now.equals(epoch)) {
            LOG.infof("worker lease acquired by %s (epoch %d): this replica now indexes and submits", holder, now);
        }
        epoch = now;
        // Counted from before the statement: never later than the database's own expiry.
        heldUntilNanos = started + ttl.toNanos();
        return true;
    }

    @Scheduled(every = "${opwb.pipeline.lease.renew-every:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = PipelineCycle.Disabled.class)
    void renew() {
        if (epoch != null) {
            acquireOrRenew();
        }
    }

    public boolean held() {
        return epoch != null && System.nanoTime() - heldUntilNanos < 0;
    }

    /** Fails the surrounding transaction unless the lease is still ours. */
    public Uni<Void> requireHeld(Mutiny.Session s) {
        Long current = epoch;
        if (current == null) {
            return Uni.createFrom().failure(new LeaseRepository.LeaseLostException(NAME, holder));
        }
        return leases.requireHeld(s, NAME, holder, current);
    }

    // The registry may outlive this bean (tests start several applications in one JVM): a gauge
    // left behind would keep reporting this instance.
    @jakarta.annotation.PreDestroy
    void removeGauge() {
        registry.remove(heldGauge);
    }

    void release(@Observes ShutdownEvent shutdown) {
        if (epoch != null) {
            try {
                tx.inTransaction(() -> leases.release(NAME, holder));
                LOG.infof("worker lease released by %s", holder);
            } catch (RuntimeException e) {
                LOG.warnf("worker lease: release failed (%s); it expires by itself", e.getMessage());
            }
            epoch = null;
        }
    }
}
