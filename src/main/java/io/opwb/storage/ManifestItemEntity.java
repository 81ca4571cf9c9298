package io.opwb.storage;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One leaf of a manifest and the chunk (batch) that carried it; null until sent. */
@Entity
@Table(name = "manifest_item")
@IdClass(ManifestItemEntity.Key.class)
public class ManifestItemEntity {

    @Id
    @Column(name = "manifest_id")
    public long manifestId;

    @Id
    @Column(name = "leaf_index")
    public int leafIndex;

    @Column(name = "withdrawal_hash", nullable = false)
    public byte[] withdrawalHash;

    @Column(name = "proof_submitter", nullable = false)
    public byte[] proofSubmitter;

    @Column(name = "solo_gas")
    public Long soloGas;

    @Column(name = "batch_id")
    public Long batchId;

    public static class Key implements Serializable {
        public long manifestId;
        public int leafIndex;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.manifestId == manifestId && k.leafIndex == leafIndex;
        }

        @Override
        public int hashCode() {
            return Objects.hash(manifestId, leafIndex);
        }
    }
}
