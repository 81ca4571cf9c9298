package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The chains whose submission is held (set and lifted by {@code pipeline.SubmissionHolds}, shown by the API). */
@ApplicationScoped
public class SubmissionHoldRepository implements PanacheRepositoryBase<SubmissionHoldEntity, Long> {

    /** Submission on this chain resumes; how many holds were lifted (0 or 1). */
    public Uni<Long> release(long l2ChainId) {
        return delete("l2ChainId", l2ChainId);
    }

    /** Every hold, by chain. */
    public Uni<List<SubmissionHoldEntity>> byChain() {
        return list("order by l2ChainId");
    }
}
