package io.opwb.storage;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A batch the service would have sent in dry-run mode: simulated on L1, never signed. */
@Entity
@Table(name = "dry_run_batch")
public class DryRunBatchEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "l2_chain_id", nullable = false)
    public long l2ChainId;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public BatchKind kind;

    @Column(name = "game_index")
    public Long gameIndex;

    @Column(name = "item_count", nullable = false)
    public int itemCount;

    @Column(name = "calldata_bytes", nullable = false)
    public int calldataBytes;

    /** The gas limit it would have been signed with. */
    @Column(name = "gas_limit", nullable = false)
    public long gasLimit;

    /** The address it was simulated from. */
    @Column(nullable = false)
    public byte[] sender;

    /** The simulated transaction's gasUsed; null when the simulation failed. */
    @Column(name = "simulated_gas")
    public Long simulatedGas;

    /** The items' gas as one transaction each, summed; null if any is unknown. */
    @Column(name = "solo_gas")
    public Long soloGas;

    /** Why the simulation failed (the node's answer); null when it succeeded. */
    public String failure;

    @Column(nullable = false)
    public byte[] calldata;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();
}
