package io.opwb.storage;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A signed manifest: which withdrawals a manifest signer authorised, executed in chunks. */
@Entity
@Table(name = "manifest")
public class ManifestEntity {
    /** The L2 chain id of the chain it belongs to. */
    @Column(name = "l2_chain_id", nullable = false)
    public long l2ChainId;


    /** Taken from manifest_id_seq before signing: the id is part of what is signed. */
    @Id
    public Long id;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public BatchKind kind;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public ManifestStatus status;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(nullable = false)
    public byte[] batcher;

    @Column(nullable = false)
    public byte[] portal;

    @Column(name = "game_index")
    public Long gameIndex;

    @Column(nullable = false)
    public byte[] root;

    /** The EIP-712 digest: the manifest's identity on chain. */
    @Column(nullable = false)
    public byte[] digest;

    @Column(nullable = false)
    public byte[] signer;

    @Column(nullable = false)
    public byte[] signature;

    /** Unix seconds. */
    @Column(nullable = false)
    public long deadline;

    @Column(name = "item_count", nullable = false)
    public int itemCount;

    @Column(name = "chunks_sent", nullable = false)
    public int chunksSent;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();
}
