package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

/** The Flyway schema and the reactive repository, on a real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class WithdrawalRepositoryTest {

    @Inject
    WithdrawalRepository repository;

    @Test
    @RunOnVertxContext
    void storesAndFindsWithdrawalsByHashAndL2Transaction(UniAsserter asserter) {
        byte[] tx = bytes(32, 0x77);
        WithdrawalEntity first = withdrawal(bytes(32, 0x01), tx, 0, 10);
        WithdrawalEntity second = withdrawal(bytes(32, 0x02), tx, 1, 10);
        asserter.execute(() -> Panache.withTransaction(() -> repository.persist(List.of(first, second))));
        asserter.assertThat(() -> Panache.withSession(() -> repository.findById(io.opwb.testing.TestWithdrawals.key(bytes(32, 0x02)))), found -> {
            assertNotNull(found);
            assertEquals(new BigDecimal("1000000000000000000000"), found.valueWei, "78-digit values survive");
            assertArrayEquals(bytes(20, 0xaa), found.sender);
            assertNotNull(found.indexedAt, "set by the database");
        });
        asserter.assertThat(() -> Panache.withSession(() -> repository.findByL2TxHash(tx)), found -> {
            assertEquals(2, found.size());
            assertEquals(0, found.get(0).l2LogIndex);
        });
        asserter.execute(() -> Panache.withTransaction(() -> repository.deleteAll()));
    }

    @Test
    @RunOnVertxContext
    void rejectsAHashOfTheWrongLength(UniAsserter asserter) {
        WithdrawalEntity bad = withdrawal(bytes(31, 0x03), bytes(32, 0x78), 0, 11);
        asserter.assertFailedWith(() -> Panache.withTransaction(() -> repository.persist(bad)),
                e -> assertNotNull(e.getMessage()));
    }

    private static WithdrawalEntity withdrawal(byte[] hash, byte[] txHash, int logIndex, long block) {
        WithdrawalEntity w = new WithdrawalEntity();
        w.l2ChainId = io.opwb.testing.TestWithdrawals.CHAIN;
        w.withdrawalHash = hash;
        w.nonce = new BigDecimal(Numeric.toBigInt("0x0001000000000000000000000000000000000000000000000000000000000001"));
        w.sender = bytes(20, 0xaa);
        w.target = bytes(20, 0xbb);
        w.valueWei = new BigDecimal("1000000000000000000000");
        w.gasLimit = BigDecimal.valueOf(100_000);
        w.data = new byte[0];
        w.l2BlockNumber = block;
        w.l2BlockHash = bytes(32, 0x55);
        w.l2TxHash = txHash;
        w.l2LogIndex = logIndex;
        return w;
    }

    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }
}
