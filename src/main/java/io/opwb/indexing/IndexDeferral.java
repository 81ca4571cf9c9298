package io.opwb.indexing;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opwb.storage.DeferredIndexes;

/**
 * The L2 indexers' use of {@link IndexDeferralPolicy}: a chain's backfill drops the withdrawal
 * table's look-up indexes after its first range shows how many withdrawals are coming, and they are
 * built again when no chain of this replica is still backfilling with them dropped. Indexes left
 * dropped by a run that crashed are built on the same terms, at the first range or catch-up of this
 * run. Only indexers run this, and only the replica holding the worker lease runs the indexers; the
 * drops and builds themselves are serialised in the database ({@link DeferredIndexes}).
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // a wrong rebuild-memory fails the start, not the build at the end of a backfill
public class IndexDeferral {

    private static final Logger LOG = Logger.getLogger(IndexDeferral.class);
    static final String TABLE = "withdrawal";

    private final DeferredIndexes store;
    private final IndexDeferralPolicy policy;
    private final String rebuildMemory;
    /** The chains whose backfill runs with the indexes dropped. */
    private final Set<Long> deferring = ConcurrentHashMap.newKeySet();
    /** Until this run has looked, a crashed run may have left indexes dropped. */
    private volatile boolean mayBeRecorded = true;

    public IndexDeferral(DeferredIndexes store, IndexingConfig config) {
        this.store = store;
        this.policy = new IndexDeferralPolicy(config.deferredIndexes().enabled(), config.deferredIndexes().minWithdrawals());
        try {
            this.rebuildMemory = DeferredIndexes.memorySize(config.deferredIndexes().rebuildMemory());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("opwb.indexing.deferred-indexes.rebuild-memory: " + e.getMessage(), e);
        }
    }

    /**
     * After each range a chain's backfill committed: drops the indexes if the rest is large
     * ({@link IndexDeferralPolicy#defer}); if it is not and no chain defers them, builds any a crashed
     * run left dropped.
     */
    public synchronized void afterRange(String indexer, long chainId, long blocksLeft, long blocksRead, long withdrawalsRead) {
        if (deferring.contains(chainId)) {
            return;
        }
        long expected = IndexDeferralPolicy.expectedWithdrawals(blocksLeft, blocksRead, withdrawalsRead);
        // the table's size is asked only of a large backfill, not after every range of a caught-up indexer
        if (policy.large(expected) && policy.defer(expected, store.estimatedRows(TABLE))) {
            List<String> dropped = store.drop(TABLE, IndexDeferralPolicy.DEFERRABLE);
            deferring.add(chainId);
            mayBeRecorded = true;
            LOG.warnf("%s: %d blocks to backfill (~%,d withdrawals): the withdrawal table's look-up indexes %s are dropped"
                    + " until it has caught up; API look-ups by L2 transaction, sender, target and account are slow until"
                    + " then", indexer, blocksLeft, expected,
                    dropped.isEmpty() ? "(dropped already)" : dropped);
        } else {
            rebuildIfDue(indexer);
        }
    }

    /** A chain's indexer has reached the head: its backfill no longer needs the indexes dropped. */
    public synchronized void caughtUp(String indexer, long chainId) {
        deferring.remove(chainId);
        rebuildIfDue(indexer);
    }

    private void rebuildIfDue(String indexer) {
        if (!IndexDeferralPolicy.rebuild(deferring.size(), mayBeRecorded)) {
            return;
        }
        List<DeferredIndexes.Deferred> recorded = store.recorded();
        if (!recorded.isEmpty()) {
            long t = System.nanoTime();
            LOG.infof("%s: building the withdrawal table's look-up indexes dropped for a backfill: %s", indexer,
                    recorded.stream().map(DeferredIndexes.Deferred::name).toList());
            int built = store.rebuildAll(rebuildMemory);
            LOG.infof("%s: %d indexes built in %d ms; API look-ups are fast again", indexer, built,
                    (System.nanoTime() - t) / 1_000_000);
        }
        mayBeRecorded = false;
    }

    /** For readiness: what is slow while this replica's backfill runs with the indexes dropped. */
    public Optional<String> state() {
        return deferring.isEmpty() ? Optional.empty()
                : Optional.of("look-up indexes dropped for the backfill of chain(s) " + deferring
                        + ": API look-ups by L2 transaction, sender, target and account are slow until it has caught up");
    }
}
