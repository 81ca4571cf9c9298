package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A proof submitted to the portal by anyone (WithdrawalProvenExtension1). */
@Entity
@Table(name = "portal_proof")
public class PortalProofEntity {
    /** The L2 chain id of the chain it belongs to. */
    @Column(name = "l2_chain_id", nullable = false)
    public long l2ChainId;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "withdrawal_hash", nullable = false)
    public byte[] withdrawalHash;

    @Column(nullable = false)
    public byte[] submitter;

    /** The game the proof was made against. */
    @Column(name = "dispute_game", nullable = false)
    public byte[] disputeGame;

    /** L1 timestamp of the proof: maturity counts from here. */
    @Column(name = "proven_at", nullable = false)
    public long provenAt;

    @Column(name = "l1_block_number", nullable = false)
    public long l1BlockNumber;

    @Column(name = "l1_block_hash", nullable = false)
    public byte[] l1BlockHash;

    @Column(name = "l1_tx_hash", nullable = false)
    public byte[] l1TxHash;

    @Column(name = "log_index", nullable = false)
    public int logIndex;
}
