package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** The batches a dry run would have sent, for the API: newest first, one with its items. */
@ApplicationScoped
public class DryRunBatchRepository implements PanacheRepositoryBase<DryRunBatchEntity, Long> {

    /** Newest first, below this id when given (a page after a cursor). */
    public PanacheQuery<DryRunBatchEntity> newestFirst(Long belowId) {
        OptionalConditions conditions = new OptionalConditions().below("id", belowId);
        return find(conditions.where(), Sort.descending("id"), conditions.parameters());
    }

    /** A dry-run batch's items in their order in the batch. */
    public Uni<List<DryRunItemEntity>> items(long batchId) {
        return getSession().chain(s -> s.createSelectionQuery("from DryRunItemEntity where batchId = :b order by position",
                DryRunItemEntity.class).setParameter("b", batchId).getResultList());
    }
}
