package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A dispute game created by the factory, its status, and whether its root matches our L2 node.
 * On a legacy portal, an output proposal of the L2OutputOracle: index = output index, address =
 * the output root (the portal's proofs name it), type {@code PortalKind.OUTPUT_PROPOSALS},
 * resolved DEFENDER_WINS at its proposal, CHALLENGER_WINS once deleted.
 */
@Entity
@Table(name = "dispute_game")
@jakarta.persistence.IdClass(GameKey.class)
public class DisputeGameEntity {
    public static final int IN_PROGRESS = 0;
    public static final int CHALLENGER_WINS = 1;
    public static final int DEFENDER_WINS = 2;

    /** The L2 chain id of the chain it belongs to. */
    @Id
    @Column(name = "l2_chain_id")
    public long l2ChainId;

    @Id
    @Column(name = "game_index")
    public long gameIndex;

    @Column(nullable = false)
    public byte[] address;

    @Column(name = "game_type", nullable = false)
    public long gameType;

    @Column(name = "root_claim", nullable = false)
    public byte[] rootClaim;

    @Column(name = "l2_block_number", nullable = false)
    public long l2BlockNumber;

    /** L1 timestamp of its creation, in seconds. */
    @Column(name = "created_at", nullable = false)
    public long createdAt;

    @Column(name = "l1_block_number", nullable = false)
    public long l1BlockNumber;

    @Column(name = "l1_block_hash", nullable = false)
    public byte[] l1BlockHash;

    @Column(nullable = false)
    public int status;

    @Column(name = "resolved_at")
    public Long resolvedAt;

    /** Null until checked against our L2 node; false means never use it. */
    @Column(name = "root_verified")
    public Boolean rootVerified;

    @Column(nullable = false)
    public boolean blacklisted;

    /**
     * On a portal with an AnchorStateRegistry: the registry's {@code isGameRespected}, read when the
     * game is indexed (it is fixed at the game's creation); null elsewhere.
     */
    @Column(name = "respected_when_created")
    public Boolean respectedWhenCreated;

    /**
     * A super-root game's super root timestamp (its {@code l2SequenceNumber()}); null on an output-root game.
     * Its {@link #l2BlockNumber} is -1 until the last L2 block at or before it is found on our L2 node.
     */
    @Column(name = "super_root_timestamp")
    public Long superRootTimestamp;

    /** A super-root game's output root for this chain ({@code rootClaimByChainId}); null on an output-root game. */
    @Column(name = "output_root")
    public byte[] outputRoot;

    /** Why the service cannot use this game (its interface or kind), or null; such a game is never trusted. */
    @Column(name = "unusable_reason")
    public String unusableReason;

    public boolean superRoot() {
        return superRootTimestamp != null;
    }

    /** The output root this game claims for this chain: its root claim, or inside its super root. */
    public byte[] outputRootOfChain() {
        return superRoot() ? outputRoot : rootClaim;
    }
}
