package io.opwb.storage;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One withdrawal initiated on L2, as indexed from {@code MessagePassed}. */
@Entity
@Table(name = "withdrawal")
public class WithdrawalEntity {

    @Id
    @Column(name = "withdrawal_hash")
    public byte[] withdrawalHash;

    @Column(nullable = false, precision = 78)
    public BigDecimal nonce;

    @Column(nullable = false)
    public byte[] sender;

    @Column(nullable = false)
    public byte[] target;

    @Column(name = "value_wei", nullable = false, precision = 78)
    public BigDecimal valueWei;

    @Column(name = "gas_limit", nullable = false, precision = 78)
    public BigDecimal gasLimit;

    @Column(nullable = false)
    public byte[] data;

    @Column(name = "l2_block_number", nullable = false)
    public long l2BlockNumber;

    @Column(name = "l2_block_hash", nullable = false)
    public byte[] l2BlockHash;

    @Column(name = "l2_tx_hash", nullable = false)
    public byte[] l2TxHash;

    @Column(name = "l2_log_index", nullable = false)
    public int l2LogIndex;

    @Column(name = "indexed_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime indexedAt;
}
