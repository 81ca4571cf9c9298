package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Where an indexer has got to: it reads from {@code nextBlock} on, {@code rangeSize} blocks at a time. */
@Entity
@Table(name = "indexer_checkpoint")
public class IndexerCheckpointEntity {
    @Id
    public String name;

    @Column(name = "next_block", nullable = false)
    public long nextBlock;

    @Column(name = "range_size", nullable = false)
    public int rangeSize;
}
