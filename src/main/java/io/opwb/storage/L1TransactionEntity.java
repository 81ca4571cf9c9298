package io.opwb.storage;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A signed L1 transaction (one attempt), persisted before it is broadcast. */
@Entity
@Table(name = "l1_transaction")
public class L1TransactionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "batch_id")
    public Long batchId;

    @Column(nullable = false)
    public byte[] sender;

    @Column(nullable = false)
    public long nonce;

    @Column(name = "tx_hash", nullable = false)
    public byte[] txHash;

    @Column(nullable = false)
    public byte[] raw;

    @Column(name = "max_fee_per_gas", nullable = false, precision = 78)
    public BigDecimal maxFeePerGas;

    @Column(name = "max_priority_fee", nullable = false, precision = 78)
    public BigDecimal maxPriorityFee;

    @Column(name = "gas_limit", nullable = false)
    public long gasLimit;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public TransactionStatus status;

    public String error;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    /** Since when the transaction waits to be mined: its signing, or the reorg that took it out of its block. */
    @Column(name = "waiting_since", nullable = false)
    public OffsetDateTime waitingSince = createdAt;
}
