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
    void theBatchQueuesHoldOnlyWhatABatchMayTakeLongestWaitingFirst(UniAsserter asserter) {
        java.time.OffsetDateTime t0 = java.time.OffsetDateTime.now().minusMinutes(10);
        WithdrawalEntity newer = queued(0x11, WithdrawalStatus.READY_TO_PROVE, 5, t0.plusMinutes(2));
        WithdrawalEntity older = queued(0x12, WithdrawalStatus.NEEDS_REPROVE, 6, t0);
        WithdrawalEntity aboveTheGame = queued(0x13, WithdrawalStatus.READY_TO_PROVE, 9, t0);
        WithdrawalEntity notSelected = queued(0x14, WithdrawalStatus.READY_TO_PROVE, 5, t0);
        notSelected.selected = false;
        WithdrawalEntity waiting = queued(0x15, WithdrawalStatus.WAITING_FOR_GAME, 5, t0);
        WithdrawalEntity otherChain = queued(0x16, WithdrawalStatus.READY_TO_PROVE, 5, t0);
        otherChain.l2ChainId = QUEUE_CHAIN + 1;
        WithdrawalEntity finalizable = queued(0x17, WithdrawalStatus.READY_TO_FINALIZE, 5, t0);
        finalizable.proofSubmitter = bytes(20, 0xcc);
        WithdrawalEntity noProofKnown = queued(0x18, WithdrawalStatus.READY_TO_FINALIZE, 5, t0);
        List<WithdrawalEntity> all = List.of(newer, older, aboveTheGame, notSelected, waiting, otherChain, finalizable,
                noProofKnown);
        asserter.execute(() -> Panache.withTransaction(() -> repository.persist(all)));
        long chain = QUEUE_CHAIN;
        asserter.assertThat(() -> Panache.withSession(() -> repository.readyToProve(chain, 8, 10, false)),
                ready -> assertEquals(List.of(0x12, 0x11), ready.stream().map(w -> (int) w.withdrawalHash[0]).toList()));
        asserter.assertThat(() -> Panache.withSession(() -> repository.readyToProve(chain, 8, 1, true)),
                ready -> assertEquals(List.of(0x12), ready.stream().map(w -> (int) w.withdrawalHash[0]).toList(),
                        "bounded, and nothing simulated by a dry run yet"));
        asserter.assertThat(() -> Panache.withSession(() -> repository.readyToFinalize(chain, 10, false)),
                ready -> assertEquals(List.of(0x17), ready.stream().map(w -> (int) w.withdrawalHash[0]).toList()));
        asserter.execute(() -> Panache.withTransaction(() -> repository.delete("l2ChainId in ?1", List.of(chain, chain + 1))));
    }

    /**
     * A chain of the queue test's own: the database is shared with other test classes, whose pipelines
     * leave withdrawals of the devnet's chain ready to prove.
     */
    private static final long QUEUE_CHAIN = 4_242;

    private static WithdrawalEntity queued(int fill, WithdrawalStatus status, long block, java.time.OffsetDateTime since) {
        WithdrawalEntity w = withdrawal(bytes(32, fill), bytes(32, fill), 0, block);
        w.l2ChainId = QUEUE_CHAIN;
        w.status = status;
        w.statusUpdatedAt = since;
        return w;
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
