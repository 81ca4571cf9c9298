package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The hash of a block an indexer read up to; a later mismatch reveals a reorg. */
@Entity
@Table(name = "indexed_block")
public class IndexedBlockEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String indexer;

    @Column(name = "block_number", nullable = false)
    public long blockNumber;

    @Column(name = "block_hash", nullable = false)
    public byte[] blockHash;
}
