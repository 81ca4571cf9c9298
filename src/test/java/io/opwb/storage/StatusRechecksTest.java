package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;

/**
 * Who makes a withdrawal due for the status pass (V23), on a real PostgreSQL: a new row, a proof or a
 * finalization indexed or rolled back, a change of a game its proof names, a status written by another
 * stage; and what {@link StatusRechecks} reads and marks.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class StatusRechecksTest {

    static final long CHAIN = TestWithdrawals.CHAIN;
    static final long LATER = 5_000;
    /** The pass's own answer for a row with no clock threshold: only a fact moves it. */
    static final long NONE = -1;

    final byte[] open = filled(32, 0x61);
    final byte[] finalized = filled(32, 0x62);
    final byte[] game = filled(20, 0x63);

    @Test
    @RunOnVertxContext
    void factsAndOtherStagesMakeTheirWithdrawalsDue(UniAsserter asserter) {
        WithdrawalEntity a = TestWithdrawals.row(open);
        WithdrawalEntity b = TestWithdrawals.row(finalized);
        b.l2LogIndex = 1;
        asserter.execute(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s.persistAll(a, b))));
        asserter.assertThat(() -> recheck(open), at -> assertEquals(0L, at, "a new withdrawal is due at once"));
        // as the pass leaves them: the open one due later, the finalized one only by a fact
        asserter.execute(() -> sql("update withdrawal set recheck_at = " + LATER + " where withdrawal_hash = ?1", open));
        asserter.execute(() -> sql("update withdrawal set status = 'FINALIZED', recheck_at = null"
                + " where withdrawal_hash = ?1", finalized));

        asserter.execute(() -> sql("insert into dispute_game (l2_chain_id, game_index, address, game_type, root_claim,"
                + " l2_block_number, created_at, l1_block_number, l1_block_hash, status) values (" + CHAIN
                + ", 77001, ?1, 1, ?2, 10, 100, 5, ?2, 0)", game, filled(32, 1)));
        asserter.assertThat(() -> recheck(open), at -> assertEquals(LATER, at, "no proof names the game yet"));
        for (byte[] hash : List.of(open, finalized)) {
            asserter.execute(() -> sql("insert into portal_proof (l2_chain_id, withdrawal_hash, submitter, dispute_game,"
                    + " proven_at, l1_block_number, l1_block_hash, l1_tx_hash, log_index) values (" + CHAIN
                    + ", ?1, ?2, ?3, 200, 6, ?4, ?1, 0)", hash, filled(20, 2), game, filled(32, 3)));
        }
        asserter.assertThat(() -> recheck(open), at -> assertEquals(0L, at, "a proof indexed"));
        asserter.assertThat(() -> recheck(finalized), at -> assertEquals(NONE, at, "a finalized one stays as it is"));

        asserter.execute(() -> later(open));
        asserter.execute(() -> sql("update dispute_game set blacklisted = true where address = ?1", game));
        asserter.assertThat(() -> recheck(open), at -> assertEquals(0L, at, "the game its proof names is blacklisted"));
        asserter.assertThat(() -> recheck(finalized), at -> assertEquals(NONE, at));

        asserter.execute(() -> later(open));
        asserter.execute(() -> sql("insert into portal_finalization (l2_chain_id, withdrawal_hash, success,"
                + " l1_block_number, l1_block_hash, l1_tx_hash) values (" + CHAIN + ", ?1, true, 7, ?2, ?2)",
                finalized, filled(32, 4)));
        asserter.assertThat(() -> recheck(finalized), at -> assertEquals(NONE, at, "its own finalization"));
        asserter.execute(() -> sql("delete from portal_finalization where withdrawal_hash = ?1", finalized));
        asserter.assertThat(() -> recheck(finalized), at -> assertEquals(0L, at,
                "an L1 reorg took its finalization out: the facts decide again"));
        asserter.execute(() -> sql("delete from portal_proof where withdrawal_hash = ?1", open));
        asserter.assertThat(() -> recheck(open), at -> assertEquals(0L, at, "its proof rolled back"));

        // another stage writes a status: in flight, no time; back in the queue, due
        asserter.execute(() -> later(open));
        asserter.execute(() -> setStatus(open, WithdrawalStatus.PROVING));
        asserter.assertThat(() -> recheck(open), at -> assertEquals(NONE, at, "in flight: its receipt decides"));
        asserter.execute(() -> setStatus(open, WithdrawalStatus.READY_TO_PROVE));
        asserter.assertThat(() -> recheck(open), at -> assertEquals(0L, at, "back from a batch"));

        asserter.assertThat(() -> Panache.withSession(() -> StatusRechecks.due(CHAIN, 10, 10_000)), due -> assertEquals(
                2, due.stream().filter(w -> Arrays.equals(w.withdrawalHash, open)
                        || Arrays.equals(w.withdrawalHash, finalized)).count()));
        asserter.execute(() -> sql("delete from portal_proof where dispute_game = ?1", game));
        asserter.execute(() -> sql("delete from dispute_game where address = ?1", game));
        asserter.execute(() -> sql("delete from withdrawal where withdrawal_hash in (?1, ?2)", open, finalized));
    }

    @Test
    @RunOnVertxContext
    void aChangeOfCoverageMarksTheWaitingAndReadyInItsBlocksOnly(UniAsserter asserter) {
        byte[] below = filled(32, 0x71);
        byte[] inside = filled(32, 0x72);
        byte[] skipped = filled(32, 0x73);
        WithdrawalEntity w1 = TestWithdrawals.row(below);
        w1.l2BlockNumber = 90;
        WithdrawalEntity w2 = TestWithdrawals.row(inside);
        w2.l2BlockNumber = 150;
        WithdrawalEntity w3 = TestWithdrawals.row(skipped);
        w3.l2BlockNumber = 160;
        asserter.execute(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s.persistAll(w1, w2, w3))));
        asserter.execute(() -> sql("update withdrawal set recheck_at = " + LATER
                + " where withdrawal_hash in (?1, ?2)", below, inside));
        asserter.execute(() -> sql("update withdrawal set status = 'SKIPPED', recheck_at = null where withdrawal_hash = ?1",
                skipped));
        asserter.execute(() -> Panache.withTransaction(() -> StatusRechecks.covered(CHAIN, 100, 200)));
        asserter.assertThat(() -> recheck(inside), at -> assertEquals(0L, at));
        asserter.assertThat(() -> recheck(below), at -> assertEquals(LATER, at));
        asserter.assertThat(() -> recheck(skipped), at -> assertEquals(NONE, at, "a skip does not wait for a game"));
        asserter.execute(() -> Panache.withTransaction(() -> StatusRechecks.allOpen(CHAIN)));
        asserter.assertThat(() -> recheck(skipped), at -> assertEquals(0L, at, "other rules decide skips again"));
        asserter.assertThat(() -> recheck(below), at -> assertEquals(0L, at));
        asserter.execute(() -> sql("delete from withdrawal where withdrawal_hash in (?1, ?2, ?3)", below, inside, skipped));
    }

    @Test
    @RunOnVertxContext
    void aLargePassHasTheStatisticsSampledAgain(UniAsserter asserter) {
        long[] before = new long[1];
        asserter.assertThat(() -> analyzeCount(), n -> before[0] = n);
        asserter.execute(() -> Panache.withTransaction(StatusRechecks::statisticsRefreshed));
        asserter.assertThat(() -> analyzeCount(), n -> assertTrue(n > before[0], "withdrawal analyzed again: " + before[0] + " -> " + n));
    }

    private static Uni<Long> analyzeCount() {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select analyze_count from pg_stat_user_tables where relname = 'withdrawal'", Long.class).getSingleResult()));
    }

    private static Uni<Long> recheck(byte[] hash) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select coalesce(recheck_at, -1) from withdrawal where withdrawal_hash = ?1", Long.class)
                .setParameter(1, hash).getSingleResult()));
    }

    private static Uni<Void> later(byte[] hash) {
        return sql("update withdrawal set recheck_at = " + LATER + " where withdrawal_hash = ?1", hash);
    }

    /** As a stage writes a status: through the entity, leaving the recheck time as it read it. */
    private static Uni<Void> setStatus(byte[] hash, WithdrawalStatus status) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class,
                TestWithdrawals.key(hash)).invoke(w -> w.setStatus(status, ReasonCode.IN_BATCH, "in batch #1 " + status))))
                .replaceWithVoid();
    }

    private static Uni<Void> sql(String sql, Object... params) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return q.executeUpdate();
        })).replaceWithVoid();
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
