package io.opwb.storage;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Operator switches (the single row has id 1): whether batches may be sent. */
@Entity
@Table(name = "service_control")
public class ServiceControlEntity {
    @Id
    public int id = 1;

    @Column(name = "submission_paused", nullable = false)
    public boolean submissionPaused;

    @Column(name = "paused_reason")
    public String pausedReason;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt = OffsetDateTime.now();
}
