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

    /** From the counts V26 keeps ({@link StatusCounts}): a few rows, however many batches there were. */
    public Uni<List<ChainKindStatusCount>> countByChainKindAndStatus() {
        return getSession().chain(s -> s.createNativeQuery(StatusCounts.BATCHES_BY_CHAIN_KIND_AND_STATUS, Object[].class)
                .getResultList()).map(rows -> rows.stream().map(r -> new ChainKindStatusCount(((Number) r[0]).longValue(),
                        BatchKind.valueOf((String) r[1]), BatchStatus.valueOf((String) r[2]), ((Number) r[3]).longValue()))
                        .toList());
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

    /** From the totals V26 keeps ({@link StatusCounts}): a few rows, however many batches there were. */
    public Uni<List<KindTotals>> totalsByKind() {
        return getSession().chain(s -> s.createNativeQuery(StatusCounts.BATCH_TOTALS_BY_KIND, Object[].class).getResultList())
                .map(rows -> rows.stream().map(r -> new KindTotals(BatchKind.valueOf((String) r[0]),
                        ((Number) r[1]).longValue(), ((Number) r[2]).longValue(), ((Number) r[3]).longValue(),
                        ((Number) r[4]).longValue())).toList());
    }
}
