package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.chain.Chains;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.storage.IndexerCheckpointEntity;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalBulkInsert;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The pipelined indexer on the devnet: three ranges in flight, each range's logs over the maximum
 * so that the next range is smaller; every withdrawal still lands, and the checkpoint ends at the
 * confirmed head. The pipeline does not run in this application; the test drives the chain's
 * indexer itself, with small ranges.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class LogIndexerPipelineTest {

    @Inject
    Tx tx;
    @Inject
    Chains chains;
    @Inject
    IndexingConfig config;
    @Inject
    IndexingExecutors executors;
    @Inject
    WithdrawalBulkInsert bulk;

    @Test
    void rangesFetchedAheadLandInOrderAndShrinkToTheLogsTheyBring() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        List<InitiatedWithdrawal> initiated = devnet.traffic()
                .initiate(TrafficGenerator.randomRequests(48, new SplittableRandom(9)));
        devnet.l2Rpc().mine(config.l2Confirmations()); // the last withdrawal's block is confirmed
        long head = devnet.l2().ethBlockNumber().send().getBlockNumber().longValueExact();
        // a withdrawal a block: a range of 8 such blocks brings more than 3 logs, so the next ones are
        // halved (those already in flight keep their size) until 2 blocks bring 2 logs
        // The chain's own indexer name and checkpoint, read again from block 0 (rows already there stay).
        L2WithdrawalIndexer indexer = new L2WithdrawalIndexer(tx, new SmallRanges(config), chains.primary(), null,
                executors, bulk);
        String name = indexer.name();
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.createMutationQuery(
                "delete from IndexedBlockEntity where indexer = :n").setParameter("n", name).executeUpdate()
                .chain(() -> s.createMutationQuery("delete from IndexerCheckpointEntity where name = :n")
                        .setParameter("n", name).executeUpdate())).replaceWithVoid());
        int logs = indexer.indexUntilCaughtUp(1_000);

        Set<String> indexed = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from WithdrawalEntity", WithdrawalEntity.class).getResultList())).stream()
                .map(w -> Numeric.toHexString(w.withdrawalHash)).collect(Collectors.toSet());
        for (InitiatedWithdrawal w : initiated) {
            assertTrue(indexed.contains(w.transaction().hashHex()), "indexed: " + w.transaction().hashHex());
        }
        IndexerCheckpointEntity checkpoint = tx.read(() -> Panache.getSession()
                .chain(s -> s.find(IndexerCheckpointEntity.class, name)));
        assertTrue(logs >= initiated.size(), "read " + logs + " logs");
        assertEquals(head - config.l2Confirmations() + 1, checkpoint.nextBlock, "read up to the confirmed head");
        // Each written range left its last block, in the order they were written.
        List<Long> ends = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select blockNumber from IndexedBlockEntity where indexer = :n order by id", Long.class)
                .setParameter("n", name).getResultList()));
        List<Long> sizes = new java.util.ArrayList<>();
        for (int i = 1; i < ends.size(); i++) {
            assertTrue(ends.get(i) > ends.get(i - 1), "written in block order: " + ends);
            sizes.add(ends.get(i) - ends.get(i - 1));
        }
        assertEquals(head - config.l2Confirmations(), ends.get(ends.size() - 1));
        assertTrue(sizes.contains(8L), "empty blocks are read 8 at a time: " + sizes);
        assertTrue(sizes.stream().anyMatch(size -> size <= 2), "ranges of more than 3 logs halve: " + sizes);
    }

    /** The service's indexing config with small ranges: at most 3 logs a range, 3 ranges in flight. */
    private record SmallRanges(IndexingConfig base) implements IndexingConfig {
        @Override public int l1Confirmations() { return base.l1Confirmations(); }
        @Override public int l2Confirmations() { return base.l2Confirmations(); }
        @Override public long l1StartBlock() { return base.l1StartBlock(); }
        @Override public long l2StartBlock() { return base.l2StartBlock(); }
        @Override public java.util.Optional<java.time.Duration> lookback() { return base.lookback(); }
        @Override public int initialRange() { return 8; }
        @Override public int maxRange() { return 8; }
        @Override public int maxLogsPerRange() { return 3; }
        @Override public long maxBytesPerRange() { return base.maxBytesPerRange(); }
        @Override public int rangesInFlight() { return 3; }
        @Override public L2LogReader l2LogReader() { return base.l2LogReader(); }
        @Override public int decodeThreads() { return base.decodeThreads(); }
        @Override public int reorgHistory() { return base.reorgHistory(); }
        @Override public long l1MaxLagBlocks() { return base.l1MaxLagBlocks(); }
        @Override public long l2MaxLagBlocks() { return base.l2MaxLagBlocks(); }
        @Override public Deferral deferredIndexes() { return base.deferredIndexes(); }
    }
}
