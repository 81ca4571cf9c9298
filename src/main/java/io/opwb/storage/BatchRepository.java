package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Our batches for the API: pages newest first (of one kind, of one chain), one with its items, totals by kind. */
@ApplicationScoped
public class BatchRepository implements PanacheRepositoryBase<BatchEntity, Long> {

    /** Gas and counts of the batches of one kind; gas saved where it is known. */
    public record KindTotals(BatchKind kind, long batches, long gasUsed, long gasSaved, long withGasSaved) {
    }

    /** How many batches of one kind one chain has in one status. */
    public record ChainKindStatusCount(long l2ChainId, BatchKind kind, BatchStatus status, long count) {
    }

    public Uni<List<ChainKindStatusCount>> countByChainKindAndStatus() {
        return getSession().chain(s -> s.createSelectionQuery(
                "select l2ChainId, kind, status, count(*) from BatchEntity group by l2ChainId, kind, status", Object[].class)
                .getResultList()).map(rows -> rows.stream().map(r -> new ChainKindStatusCount((Long) r[0],
                        (BatchKind) r[1], (BatchStatus) r[2], (Long) r[3])).toList());
    }

    /** Batches newest first, of this kind and chain when given (null: any). */
    public PanacheQuery<BatchEntity> newestFirst(BatchKind kind, Long l2ChainId) {
        return newestFirst(kind, l2ChainId, null);
    }

    /** The same, below this id when given (a page after a cursor). */
    public PanacheQuery<BatchEntity> newestFirst(BatchKind kind, Long l2ChainId, Long belowId) {
        OptionalConditions conditions = new OptionalConditions().and("kind", kind).and("l2ChainId", l2ChainId)
                .below("id", belowId);
        return find(conditions.where(), Sort.descending("id"), conditions.parameters());
    }

    public Uni<List<BatchEntity>> findByIds(java.util.Collection<Long> ids) {
        return list("id in ?1", ids);
    }

    /** Batches sent (or recorded to be sent) and not mined yet, oldest first. */
    public Uni<List<BatchEntity>> open() {
        return list("status in ?1 order by id", List.of(BatchStatus.SIGNED, BatchStatus.SUBMITTED));
    }

    /** Mined batches in blocks after {@code block} (a reorg can still remove them), oldest first. */
    public Uni<List<BatchEntity>> minedAfter(long block) {
        return list("status in ?1 and l1BlockNumber > ?2 order by id",
                List.of(BatchStatus.CONFIRMED, BatchStatus.REVERTED), block);
    }

    /** A recorded batch's transaction reached the node. */
    public Uni<Integer> markSubmitted(long batchId) {
        return update("status = ?1 where id = ?2", BatchStatus.SUBMITTED, batchId);
    }

    /** A reopened batch's items: their outcomes are decided again when it is mined again. */
    public Uni<Integer> clearOutcomes(long batchId) {
        return getSession().chain(s -> s.createMutationQuery(
                "update BatchItemEntity set outcome = null, reason = null, logIndex = null where batchId = :b")
                .setParameter("b", batchId).executeUpdate());
    }

    /** The batch's current transaction: its latest attempt's hash, or the mined one's. */
    public Uni<Integer> setTxHash(long batchId, byte[] txHash) {
        return update("txHash = ?1 where id = ?2", txHash, batchId);
    }

    /** A batch's items in their order in the batch. */
    public Uni<List<BatchItemEntity>> items(long batchId) {
        return getSession().chain(s -> s.createSelectionQuery("from BatchItemEntity where batchId = :b order by position",
                BatchItemEntity.class).setParameter("b", batchId).getResultList());
    }

    /** The items of our batches that proved or finalized this withdrawal, oldest batch first. */
    public Uni<List<BatchItemEntity>> doneItemsOf(long l2ChainId, byte[] withdrawalHash) {
        return getSession().chain(s -> s.createSelectionQuery(
                "from BatchItemEntity where l2ChainId = :c and withdrawalHash = :h and outcome = :done order by batchId",
                BatchItemEntity.class).setParameter("c", l2ChainId).setParameter("h", withdrawalHash)
                .setParameter("done", ItemOutcome.DONE).getResultList());
    }

    public Uni<List<KindTotals>> totalsByKind() {
        return getSession().chain(s -> s.createSelectionQuery("select kind, count(*), sum(gasUsed), sum(gasSaved),"
                + " count(gasSaved) from BatchEntity group by kind", Object[].class).getResultList())
                .map(rows -> rows.stream().map(r -> new KindTotals((BatchKind) r[0], (Long) r[1],
                        r[2] == null ? 0 : ((Number) r[2]).longValue(), r[3] == null ? 0 : ((Number) r[3]).longValue(),
                        (Long) r[4])).toList());
    }
}
