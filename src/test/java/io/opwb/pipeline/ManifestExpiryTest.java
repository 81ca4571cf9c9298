package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opwb.storage.ManifestEntity;
import io.opwb.storage.ManifestItemEntity;
import io.opwb.storage.ManifestStatus;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A signed manifest whose deadline (on L1's clock) comes before its chunks went out: nothing is
 * sent, its withdrawals go back to the queue with the reason, and the manifest is marked expired.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class ManifestExpiryTest {

    @Inject
    ManifestExecutor executor;

    @Inject
    Tx tx;

    @Test
    void anExpiringManifestGivesItsUnsentWithdrawalsBackToTheQueue() throws Exception {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] h = new byte[32];
            ThreadLocalRandom.current().nextBytes(h);
            hashes.add(h);
        }
        ManifestEntity m = new ManifestEntity();
        m.id = tx.read(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select nextval('manifest_id_seq')", Long.class).getSingleResult()));
        m.kind = io.opwb.storage.BatchKind.PROVE;
        m.status = ManifestStatus.OPEN;
        m.chainId = 900;
        m.l2ChainId = io.opwb.testing.TestWithdrawals.CHAIN;
        m.batcher = new byte[20];
        m.portal = new byte[20];
        m.gameIndex = 0L;
        m.root = new byte[32];
        m.digest = hashes.get(0).clone();
        m.digest[0] ^= 1;
        m.signer = new byte[20];
        m.signature = new byte[65];
        m.deadline = 1_000; // long past on any L1
        m.itemCount = hashes.size();
        tx.inTransaction(() -> Panache.getSession().chain(s -> {
            List<Object> rows = new ArrayList<>();
            rows.add(m);
            for (int i = 0; i < hashes.size(); i++) {
                WithdrawalEntity w = TestWithdrawals.row(hashes.get(i));
                w.setStatus(io.opwb.storage.WithdrawalStatus.PROVING, io.opwb.storage.ReasonCode.IN_BATCH, "in manifest #" + m.id + ", signed; its chunk is being sent");
                rows.add(w);
                ManifestItemEntity item = new ManifestItemEntity();
                item.manifestId = m.id;
                item.leafIndex = i;
                item.withdrawalHash = hashes.get(i);
                item.proofSubmitter = new byte[20];
                rows.add(item);
            }
            return s.persistAll(rows.toArray());
        }));

        assertEquals(List.of(), executor.run(), "no chunk sent for an expiring manifest");

        ManifestEntity after = tx.read(() -> Panache.getSession().chain(s -> s.find(ManifestEntity.class, m.id)));
        assertEquals(ManifestStatus.EXPIRED, after.status);
        for (byte[] h : hashes) {
            WithdrawalEntity w = tx.read(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(h))));
            assertEquals(io.opwb.storage.WithdrawalStatus.READY_TO_PROVE, w.status);
            assertTrue(w.statusReason.contains("manifest #" + m.id + " expires"), w.statusReason);
        }
        assertEquals(List.of(), executor.run(), "an expired manifest is left alone");
    }
}
