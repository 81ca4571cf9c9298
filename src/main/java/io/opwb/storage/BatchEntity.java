package io.opwb.storage;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One prove or finalize batch: one L1 transaction to WithdrawalBatcher. */
@Entity
@Table(name = "batch")
public class BatchEntity {
    /** The L2 chain id of the chain it belongs to. */
    @Column(name = "l2_chain_id", nullable = false)
    public long l2ChainId;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public BatchKind kind;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public BatchStatus status;

    @Column(name = "game_index")
    public Long gameIndex;

    @Column(name = "item_count", nullable = false)
    public int itemCount;

    @Column(name = "calldata_bytes")
    public Integer calldataBytes;

    @Column(name = "gas_limit")
    public Long gasLimit;

    @Column(name = "gas_used")
    public Long gasUsed;

    /** Solo gas of the items it completed, less its gas used; null if any of them is unknown. */
    @Column(name = "gas_saved")
    public Long gasSaved;

    @Column(name = "l1_block_number")
    public Long l1BlockNumber;

    /** The manifest this batch executes a chunk of; null for an operator batch. */
    @Column(name = "manifest_id")
    public Long manifestId;

    /** The key that signed its transaction. */
    public byte[] sender;

    @Column(name = "tx_hash")
    public byte[] txHash;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    @Column(name = "confirmed_at")
    public OffsetDateTime confirmedAt;
}
