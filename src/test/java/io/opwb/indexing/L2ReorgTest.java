package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An L2 reorg removes indexed withdrawals: the indexer notices the last block it read is gone,
 * rolls back to the fork point, and indexes the new chain. Withdrawals before the fork stay.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class L2ReorgTest {

    @jakarta.inject.Inject
    io.opwb.indexing.ChainIndexers indexers;

    @jakarta.inject.Inject
    io.opwb.chain.Chains chains;


    @Inject
    Tx tx;

    @Test
    void orphanedWithdrawalsLeaveTheDatabaseAndTheOthersStay() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        SplittableRandom random = new SplittableRandom(5);
        InitiatedWithdrawal kept = devnet.traffic().initiate(TrafficGenerator.randomRequests(1, random)).get(0);
        String snapshot = devnet.l2Rpc().snapshot();
        List<InitiatedWithdrawal> orphaned = devnet.traffic().initiate(TrafficGenerator.randomRequests(3, random));
        indexers.l2(chains.primary()).indexUntilCaughtUp(100);
        assertTrue(indexedHashes().containsAll(hashes(orphaned)));
        assertTrue(indexedHashes().contains(kept.transaction().hashHex()));
        // Progress made on the surviving withdrawal must survive the reorg.
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(kept.transaction().hash())))
                .invoke(w -> w.setStatus(io.opwb.storage.WithdrawalStatus.PROVEN_MATURING, io.opwb.storage.ReasonCode.PROVEN_BY_US, "marked by the test")).replaceWithVoid());

        // The L2 drops the last three blocks and grows another branch, past the old head.
        devnet.l2Rpc().revert(snapshot);
        List<InitiatedWithdrawal> replacement = devnet.traffic().initiate(TrafficGenerator.randomRequests(5, random));
        assertTrue(replacement.get(4).l2BlockNumber().compareTo(orphaned.get(2).l2BlockNumber()) > 0);
        indexers.l2(chains.primary()).indexUntilCaughtUp(100);

        Set<String> indexed = indexedHashes();
        assertTrue(indexed.contains(kept.transaction().hashHex()), "the withdrawal before the fork stays");
        for (String gone : hashes(orphaned)) {
            assertTrue(!indexed.contains(gone), "orphaned withdrawal removed: " + gone);
        }
        assertTrue(indexed.containsAll(hashes(replacement)), "the new branch is indexed");
        WithdrawalEntity survivor = rows().stream()
                .filter(w -> Numeric.toHexString(w.withdrawalHash).equals(kept.transaction().hashHex())).findFirst().get();
        assertEquals(io.opwb.storage.WithdrawalStatus.PROVEN_MATURING, survivor.status, "not deleted and re-indexed");
        // Each row's block hash is the canonical one now.
        for (WithdrawalEntity w : rows()) {
            String canonical = devnet.l2().ethGetBlockByNumber(
                    org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(w.l2BlockNumber)), false)
                    .send().getBlock().getHash();
            assertEquals(canonical, Numeric.toHexString(w.l2BlockHash));
        }
    }

    private List<WithdrawalEntity> rows() {
        return tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery("from WithdrawalEntity",
                WithdrawalEntity.class).getResultList()));
    }

    private Set<String> indexedHashes() {
        return rows().stream().map(w -> Numeric.toHexString(w.withdrawalHash)).collect(Collectors.toSet());
    }

    private static List<String> hashes(List<InitiatedWithdrawal> ws) {
        return ws.stream().map(w -> w.transaction().hashHex()).toList();
    }
}
