package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A finalization on the portal (WithdrawalFinalized): success is the target call's outcome. */
@Entity
@Table(name = "portal_finalization")
@jakarta.persistence.IdClass(WithdrawalKey.class)
public class PortalFinalizationEntity {
    /** The L2 chain id of the chain it belongs to. */
    @Id
    @Column(name = "l2_chain_id")
    public long l2ChainId;

    @Id
    @Column(name = "withdrawal_hash")
    public byte[] withdrawalHash;

    @Column(nullable = false)
    public boolean success;

    @Column(name = "l1_block_number", nullable = false)
    public long l1BlockNumber;

    @Column(name = "l1_block_hash", nullable = false)
    public byte[] l1BlockHash;

    @Column(name = "l1_tx_hash", nullable = false)
    public byte[] l1TxHash;
}
