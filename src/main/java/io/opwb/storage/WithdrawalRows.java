package io.opwb.storage;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The L2 indexer's rows as it rolls them back after a reorg (a plain function: the indexers are made per chain). */
public final class WithdrawalRows {

    private WithdrawalRows() {
    }

    /** Block number and hash of the L2 blocks the chain's withdrawals came from, the newest first. */
    public static Uni<List<Object[]>> blocks(long l2ChainId, int limit) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select distinct l2BlockNumber, l2BlockHash from WithdrawalEntity where l2ChainId = :c "
                        + "order by l2BlockNumber desc", Object[].class).setParameter("c", l2ChainId).setMaxResults(limit)
                .getResultList());
    }

    /** Withdrawals initiated after {@code forkBlock} were orphaned: they leave, with their batch items. */
    public static Uni<Void> deleteAfter(long l2ChainId, long forkBlock) {
        return Panache.getSession().chain(s -> s.createMutationQuery(
                "delete from BatchItemEntity where l2ChainId = :c and withdrawalHash in "
                        + "(select w.withdrawalHash from WithdrawalEntity w where w.l2ChainId = :c and w.l2BlockNumber > :f)")
                .setParameter("c", l2ChainId).setParameter("f", forkBlock).executeUpdate()
                .chain(() -> s.createMutationQuery("delete from WithdrawalEntity where l2ChainId = :c "
                        + "and l2BlockNumber > :f").setParameter("c", l2ChainId).setParameter("f", forkBlock)
                        .executeUpdate()))
                .replaceWithVoid();
    }
}
