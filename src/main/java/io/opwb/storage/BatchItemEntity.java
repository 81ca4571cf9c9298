package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One withdrawal in a batch, and its outcome once the batch is mined. */
@Entity
@Table(name = "batch_item")
public class BatchItemEntity {
    /** The L2 chain id of the chain it belongs to. */
    @Column(name = "l2_chain_id", nullable = false)
    public long l2ChainId;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "batch_id", nullable = false)
    public long batchId;

    @Column(name = "withdrawal_hash", nullable = false)
    public byte[] withdrawalHash;

    @Column(nullable = false)
    public int position;

    @Column(name = "proof_submitter")
    public byte[] proofSubmitter;

    /** Null until the batch is mined. */
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public ItemOutcome outcome;

    public String reason;

    /** Index of the item's result event in its block; null until the batch is mined. */
    @Column(name = "log_index")
    public Long logIndex;

    /** Gas of this item as a transaction of its own, measured before sending; null if unknown. */
    @Column(name = "solo_gas")
    public Long soloGas;
}
