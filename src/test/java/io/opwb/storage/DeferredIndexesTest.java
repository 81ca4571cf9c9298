package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opwb.indexing.IndexDeferral;
import io.opwb.indexing.IndexDeferralPolicy;
import io.opwb.indexing.IndexingConfig;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The withdrawal table's look-up indexes dropped for a backfill and built again, on the real
 * PostgreSQL with every migration: the same indexes after as before, and a run that crashed between
 * two steps repaired by the next.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class DeferredIndexesTest {

    @Inject
    DeferredIndexes store;

    @Inject
    IndexingConfig config;

    @Inject
    Pool pool;

    /** Whatever a test left dropped is built again: the database is the suite's. */
    @AfterEach
    void buildWhatIsLeft() {
        store.rebuildAll("64MB");
    }

    @Test
    void aRebuildMemoryThatIsNoMemorySizeIsRefusedBeforeAnythingIsDropped() {
        assertEquals("256MB", DeferredIndexes.memorySize("256MB"));
        assertEquals("64 kB", DeferredIndexes.memorySize("64 kB"));
        for (String bad : new String[] { "lots", "256", "256mb", "1TB", "'; drop table withdrawal; --", "" }) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> DeferredIndexes.memorySize(bad), bad);
            assertTrue(e.getMessage().contains("PostgreSQL memory size"), e.getMessage());
        }
    }

    @Test
    void droppedAndRebuiltGivesBackTheSameIndexes() {
        Map<String, String> before = indexes();
        assertTrue(before.keySet().containsAll(IndexDeferralPolicy.DEFERRABLE), "every deferrable index exists: " + before.keySet());

        List<String> dropped = store.drop("withdrawal", IndexDeferralPolicy.DEFERRABLE);

        assertEquals(IndexDeferralPolicy.DEFERRABLE.stream().sorted().toList(), dropped);
        Map<String, String> during = indexes();
        IndexDeferralPolicy.DEFERRABLE.forEach(name -> assertFalse(during.containsKey(name), name + " dropped"));
        assertTrue(during.containsKey("withdrawal_pkey"), "the primary key stays (the insert's ON CONFLICT)");
        assertTrue(during.containsKey("withdrawal_newest_keyset"), "the indexer's reorg index stays");
        Map<String, String> recorded = new TreeMap<>();
        store.recorded().forEach(d -> recorded.put(d.name(), d.definition()));
        IndexDeferralPolicy.DEFERRABLE.forEach(name -> assertEquals(before.get(name), recorded.get(name),
                name + " recorded as PostgreSQL defined it"));
        assertEquals(List.of(), store.drop("withdrawal", IndexDeferralPolicy.DEFERRABLE), "dropping again does nothing");

        assertEquals(IndexDeferralPolicy.DEFERRABLE.size(), store.rebuildAll("64MB"));

        assertEquals(before, indexes());
        assertEquals(List.of(), store.recorded());
        assertEquals(0, store.rebuildAll("64MB"), "nothing left to build");
    }

    @Test
    void uniqueIndexesAndConstraintsAreNeverDropped() {
        assertEquals(List.of(), store.drop("withdrawal", List.of("withdrawal_pkey")));
        assertTrue(indexes().containsKey("withdrawal_pkey"));
        assertEquals(List.of(), store.recorded());
    }

    @Test
    void aCrashAfterTheDropIsRepairedByTheNextStartWhenNoLargeBackfillIsDue() {
        Map<String, String> before = indexes();
        store.drop("withdrawal", IndexDeferralPolicy.DEFERRABLE);
        // The run that dropped them is gone; a new one starts and finds its indexer near the head.
        IndexDeferral nextRun = new IndexDeferral(store, config);

        nextRun.afterRange("l2-withdrawals:1", 1, 5, 100, 10);

        assertEquals(before, indexes());
        assertEquals(List.of(), store.recorded());
    }

    @Test
    void aCrashWhileRebuildingLeavesAStateTheNextRebuildFinishes() {
        Map<String, String> before = indexes();
        store.drop("withdrawal", IndexDeferralPolicy.DEFERRABLE);
        // One index built but its record not deleted: the crash fell between the two (they share a
        // transaction, so this is the worst a hand could make of it).
        String definition = store.recorded().get(0).definition();
        pool.query(definition).execute().await().indefinitely();

        IndexDeferral nextRun = new IndexDeferral(store, config);
        nextRun.caughtUp("l2-withdrawals:1", 1);

        assertEquals(before, indexes());
        assertEquals(List.of(), store.recorded());
    }

    @Test
    void aLargeBackfillDropsThemUntilItHasCaughtUpAndSaysSo() {
        Map<String, String> before = indexes();
        IndexDeferral deferral = new IndexDeferral(store, config);

        // 10 blocks read with 10,000 withdrawals, 1,000,000 blocks left
        deferral.afterRange("l2-withdrawals:1", 1, 1_000_000, 10, 10_000);
        IndexDeferralPolicy.DEFERRABLE.forEach(name -> assertFalse(indexes().containsKey(name), name + " dropped"));
        assertTrue(deferral.state().isPresent(), "readiness says the look-ups are slow");
        // a second chain, near its head, does not build them while the first one backfills
        deferral.caughtUp("l2-withdrawals:2", 2);
        assertEquals(IndexDeferralPolicy.DEFERRABLE.size(), store.recorded().size());

        deferral.caughtUp("l2-withdrawals:1", 1);

        assertEquals(before, indexes());
        assertTrue(deferral.state().isEmpty());
    }

    private Map<String, String> indexes() {
        Map<String, String> found = new TreeMap<>();
        pool.query("select indexname, indexdef from pg_indexes where schemaname = current_schema()"
                + " and tablename = 'withdrawal'").execute().await().indefinitely()
                .forEach(r -> found.put(r.getString(0), r.getString(1)));
        return found;
    }
}
