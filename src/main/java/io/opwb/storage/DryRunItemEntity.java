package io.opwb.storage;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One withdrawal of a dry-run batch; once simulated, a withdrawal is left out of later ones of its kind. */
@Entity
@Table(name = "dry_run_item")
@IdClass(DryRunItemEntity.Key.class)
public class DryRunItemEntity {

    @Id
    @Column(name = "batch_id")
    public long batchId;

    @Id
    public int position;

    @Column(name = "l2_chain_id", nullable = false)
    public long l2ChainId;

    @Column(name = "withdrawal_hash", nullable = false)
    public byte[] withdrawalHash;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public BatchKind kind;

    /** Its gas as a transaction of its own; null if unknown. */
    @Column(name = "solo_gas")
    public Long soloGas;

    public static class Key implements Serializable {
        public long batchId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.batchId == batchId && k.position == position;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(batchId) * 31 + position;
        }
    }
}
