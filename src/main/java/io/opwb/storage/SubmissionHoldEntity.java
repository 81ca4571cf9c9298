package io.opwb.storage;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Submission held for one chain by a condition of that chain (its portal is paused); no row: not held. */
@Entity
@Table(name = "submission_hold")
public class SubmissionHoldEntity {
    @Id
    @Column(name = "l2_chain_id")
    public long l2ChainId;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public OffsetDateTime since = OffsetDateTime.now();
}
