package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The L1 messenger relayed a message (RelayedMessage), or recorded it as failed (FailedRelayedMessage). */
@Entity
@Table(name = "messenger_relay")
public class MessengerRelayEntity {
    /** The L2 chain id of the chain it belongs to. */
    @Column(name = "l2_chain_id", nullable = false)
    public long l2ChainId;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "message_hash", nullable = false)
    public byte[] messageHash;

    @Column(nullable = false)
    public boolean relayed;

    @Column(name = "l1_block_number", nullable = false)
    public long l1BlockNumber;

    @Column(name = "l1_block_hash", nullable = false)
    public byte[] l1BlockHash;

    @Column(name = "l1_tx_hash", nullable = false)
    public byte[] l1TxHash;

    @Column(name = "log_index", nullable = false)
    public int logIndex;
}
