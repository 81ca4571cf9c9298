package io.opwb.storage;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** The chains whose submission is held, for the API (the pipeline keeps them through {@code SubmissionHolds}). */
@ApplicationScoped
public class SubmissionHoldRepository implements PanacheRepositoryBase<SubmissionHoldEntity, Long> {
}
