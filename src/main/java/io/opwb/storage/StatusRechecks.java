package io.opwb.storage;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The withdrawals the status pass must decide again (V23's {@code recheck_at}): those due, and the
 * sets a change of a chain's rules or games concerns, made due. Plain functions over the current
 * Panache session. Facts about one withdrawal (its proofs, its finalization, its proofs' games, a
 * status written by another stage) are marked by the database's triggers, whoever writes them.
 */
public final class StatusRechecks {

    private static final String NOT_FINAL_OR_IN_FLIGHT = "w.status not in " + HqlLiterals.list(WithdrawalStatus.PROVING,
            WithdrawalStatus.FINALIZING, WithdrawalStatus.FINALIZED, WithdrawalStatus.FINALIZED_FAILED_CALL);
    /** The statuses a game's coverage and the estimates from the games decide. */
    private static final String ESTIMATED = "w.status in " + HqlLiterals.list(WithdrawalStatus.WAITING_FOR_GAME,
            WithdrawalStatus.READY_TO_PROVE, WithdrawalStatus.NEEDS_REPROVE);
    private static final String NOT_DUE_NOW = " and (w.recheckAt is null or w.recheckAt <> 0)";

    private StatusRechecks() {
    }

    /**
     * Up to {@code limit} withdrawals of the chain due at L1 time {@code now} (through the partial index
     * {@code withdrawal_recheck}: its size follows the open withdrawals). The pass sets each one's next
     * time after {@code now}, so the next call returns the next ones.
     */
    public static Uni<List<WithdrawalEntity>> due(long l2ChainId, long now, int limit) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from WithdrawalEntity w where w.l2ChainId = :c "
                + "and w.recheckAt <= :now and w.status not in " + HqlLiterals.list(WithdrawalStatus.PROVING,
                        WithdrawalStatus.FINALIZING) + " order by w.recheckAt", WithdrawalEntity.class)
                .setParameter("c", l2ChainId).setParameter("now", now).setMaxResults(limit).getResultList());
    }

    /** Every withdrawal of the chain not final or in flight, skipped ones too: the rules they were decided by changed. */
    public static Uni<Integer> allOpen(long l2ChainId) {
        return mark(NOT_FINAL_OR_IN_FLIGHT, l2ChainId, null);
    }

    /** Those waiting for a game or a proof in L2 blocks (above, through]: a game started or stopped covering them. */
    public static Uni<Integer> covered(long l2ChainId, long above, long through) {
        return mark(ESTIMATED + " and w.l2BlockNumber > :above and w.l2BlockNumber <= :through", l2ChainId,
                new long[] { above, through });
    }

    /** Those whose estimates are made from the trusted games: the games changed. */
    public static Uni<Integer> estimated(long l2ChainId) {
        return mark(ESTIMATED, l2ChainId, null);
    }

    /**
     * Those whose readiness the chain is asked about (PROVEN_MATURING for {@link ReasonCode#CHAIN_CHECK}),
     * every pass: a refused one is asked again after a while of wall time ({@code FinalizeReadiness}), which
     * L1 time does not measure where no block comes (a devnet at rest). Read through the partial index
     * {@code withdrawal_chain_check}: only they are in it.
     */
    public static Uni<Integer> askingTheChain(long l2ChainId) {
        return mark("w.reasonCode = " + HqlLiterals.of(ReasonCode.CHAIN_CHECK) + " and w.status = "
                + HqlLiterals.of(WithdrawalStatus.PROVEN_MATURING), l2ChainId, null);
    }

    /**
     * Has PostgreSQL sample the withdrawal table's statistics again. A pass that moved many withdrawals
     * from one status to another (after a backfill, or a game that made thousands provable) leaves the
     * planner counting statuses as they were until autovacuum's next analyze; meanwhile it took the queue
     * statements off their partial index ({@code withdrawal_queue}) onto the status index and a sort whose
     * cost grows with the queue (seen at 200,000 rows in the scale benchmark). A sample reads ~30,000 rows
     * whatever the table's size.
     */
    public static Uni<Void> statisticsRefreshed() {
        return Panache.getSession().chain(s -> s.createNativeQuery("analyze withdrawal").executeUpdate()).replaceWithVoid();
    }

    private static Uni<Integer> mark(String condition, long l2ChainId, long[] blocks) {
        return Panache.getSession().chain(s -> {
            var update = s.createMutationQuery("update WithdrawalEntity w set w.recheckAt = 0 where w.l2ChainId = :c and "
                    + condition + NOT_DUE_NOW).setParameter("c", l2ChainId);
            if (blocks != null) {
                update.setParameter("above", blocks[0]).setParameter("through", blocks[1]);
            }
            return update.executeUpdate();
        });
    }
}
