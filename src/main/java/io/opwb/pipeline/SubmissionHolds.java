package io.opwb.pipeline;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opwb.chain.ChainContext;
import io.opwb.storage.SubmissionHoldEntity;
import io.opwb.storage.SubmissionHoldRepository;
import io.opwb.storage.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Holds a chain's submission while its portal is paused: nothing is simulated or sent for it, no
 * withdrawal uses an attempt, and the reason is in the database for the API and readiness. Asked
 * of the portal each cycle ({@code paused()}), and also set when a simulation meets
 * {@code CallPaused}; lifted as soon as the portal says it is not paused.
 */
@ApplicationScoped
public class SubmissionHolds {

    private static final Logger LOG = Logger.getLogger(SubmissionHolds.class);

    private final Tx tx;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    /** opwb_submission_held{chain}: 1 while the chain's submission is held. */
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> heldGauges =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final SubmissionHoldRepository holds;

    public SubmissionHolds(Tx tx, io.micrometer.core.instrument.MeterRegistry registry, SubmissionHoldRepository holds) {
        this.tx = tx;
        this.holds = holds;
        this.registry = registry;
    }

    /** Why this chain's submission is held now, after asking its portal; empty when it may send. */
    public Optional<String> check(ChainContext chain) {
        Boolean paused = portalPaused(chain);
        if (paused == null) { // no verdict: keep whatever was decided before
            return current(chain.id());
        }
        Boolean lockboxPaused = paused ? null : lockboxPaused(chain);
        if (paused) {
            hold(chain, "the portal " + chain.contracts().portalAddress() + " is paused (its guardian paused the "
                    + "system): nothing is proven or finalized until it is unpaused; no attempt is used");
        } else if (Boolean.TRUE.equals(lockboxPaused)) {
            hold(chain, "the ETH lockbox of the portal " + chain.contracts().portalAddress() + " is paused: nothing "
                    + "is proven or finalized until it is unpaused; no attempt is used");
        } else {
            release(chain);
        }
        Optional<String> held = current(chain.id());
        gauge(chain.name()).set(held.isPresent() ? 1 : 0);
        return held;
    }

    private java.util.concurrent.atomic.AtomicInteger gauge(String chain) {
        return heldGauges.computeIfAbsent(chain, c -> registry.gauge("opwb_submission_held",
                io.micrometer.core.instrument.Tags.of("chain", c), new java.util.concurrent.atomic.AtomicInteger()));
    }

    public void hold(ChainContext chain, String reason) {
        boolean added = tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(SubmissionHoldEntity.class, chain.id())
                .chain(existing -> {
                    if (existing != null) {
                        existing.reason = reason;
                        return Uni.createFrom().item(false);
                    }
                    SubmissionHoldEntity row = new SubmissionHoldEntity();
                    row.l2ChainId = chain.id();
                    row.reason = reason;
                    return s.persist(row).replaceWith(true);
                })));
        if (added) {
            LOG.warnf("%s: submission held: %s", chain, reason);
        }
    }

    private void release(ChainContext chain) {
        long removed = tx.inTransaction(() -> holds.release(chain.id()));
        if (removed > 0) {
            LOG.infof("%s: submission resumes: the portal is not paused", chain);
        }
    }

    public Optional<String> current(long l2ChainId) {
        SubmissionHoldEntity row = tx.read(() -> Panache.getSession().chain(s -> s.find(SubmissionHoldEntity.class, l2ChainId)));
        return row == null ? Optional.empty() : Optional.of(row.reason);
    }

    public List<SubmissionHoldEntity> all() {
        return tx.read(() -> holds.byChain());
    }

    /** The lockbox's own answer; null when there is none, or the node gave no answer. */
    private static Boolean lockboxPaused(ChainContext chain) {
        try {
            return chain.contracts().ethLockboxPaused();
        } catch (Exception e) {
            LOG.debugf("%s: could not ask the ETH lockbox whether it is paused: %s", chain, e.getMessage());
            return null;
        }
    }

    /** The portal's own answer; null when the node gave none (or the portal has no such view). */
    private static Boolean portalPaused(ChainContext chain) {
        try {
            return chain.contracts().portal().paused().send();
        } catch (Exception e) {
            LOG.debugf("%s: could not ask the portal whether it is paused: %s", chain, e.getMessage());
            return null;
        }
    }
}
