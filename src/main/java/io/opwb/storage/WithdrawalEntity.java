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
@jakarta.persistence.IdClass(WithdrawalKey.class)
public class WithdrawalEntity {

    /** The L2 chain id of the chain it belongs to. */
    @Id
    @Column(name = "l2_chain_id")
    public long l2ChainId;

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

    /** The L2 block's timestamp (seconds) where the node's log gave it (V24); null otherwise. */
    @Column(name = "l2_block_time")
    public Long l2BlockTime;

    @Column(name = "l2_tx_hash", nullable = false)
    public byte[] l2TxHash;

    @Column(name = "l2_log_index", nullable = false)
    public int l2LogIndex;

    @Column(name = "indexed_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime indexedAt;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public WithdrawalStatus status = WithdrawalStatus.WAITING_FOR_GAME;

    /** Why it has its status, for code (null when nothing needs saying); {@link #statusReason} says it for people. */
    @Column(name = "reason_code")
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public ReasonCode reasonCode;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "status_updated_at", nullable = false)
    public OffsetDateTime statusUpdatedAt = OffsetDateTime.now();

    /** Chosen by the selection policy: only selected withdrawals are proven and finalized by us. */
    @Column(nullable = false)
    public boolean selected = true;

    @Column(name = "prove_batch_id")
    public Long proveBatchId;

    @Column(name = "finalize_batch_id")
    public Long finalizeBatchId;

    /** Whose proof finalizes it: our batcher's, or another submitter's. */
    @Column(name = "proof_submitter")
    public byte[] proofSubmitter;

    @Column(name = "prove_failures", nullable = false)
    public int proveFailures;

    @Column(name = "finalize_failures", nullable = false)
    public int finalizeFailures;

    /** The L1 block at which its target call was first seen to fail; skipped if it fails again later. */
    @Column(name = "target_failure_block")
    public Long targetFailureBlock;

    /** When the service first saw it proven (cleared when it must be proven again). */
    @Column(name = "proven_seen_at")
    public OffsetDateTime provenSeenAt;

    @Column(name = "finalized_seen_at")
    public OffsetDateTime finalizedSeenAt;

    /** ETA (L1 timestamps, seconds; see {@code lifecycle.EtaPolicy}): null when unknown or not applicable. */
    @Column(name = "eta_provable_at")
    public Long etaProvableAt;

    @Column(name = "eta_proven_by")
    public Long etaProvenBy;

    @Column(name = "eta_finalizable_at")
    public Long etaFinalizableAt;

    @Column(name = "eta_finalized_by")
    public Long etaFinalizedBy;

    /** What the ETA rests on; null when there is no ETA (final or skipped). */
    @Column(name = "eta_basis")
    public String etaBasis;

    /**
     * When the status pass decides it again (V23): an L1 timestamp, 0 at once, null only when a fact
     * concerns it. Inserts leave it to the column's default (due at once). Only the pass changes it: a
     * stage that writes a new status writes back the time it read, and the database makes the row due.
     * (Not {@code @DynamicUpdate}: Hibernate Reactive batches updates of different column sets wrongly.)
     */
    @Column(name = "recheck_at", insertable = false)
    public Long recheckAt;

    /** A messenger message finalized by us: RELAYED, or FAILED (recorded by the L1 messenger, replayable); else null. */
    @Column(name = "message_relay")
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public MessageRelay messageRelay;

    /**
     * Changes the status; the timestamp moves only when status or reason change. Entering the
     * proven and finalized stages stamps when that was first seen.
     */
    public void setStatus(WithdrawalStatus newStatus, ReasonCode code, String reason) {
        if (newStatus != status || code != reasonCode || !java.util.Objects.equals(reason, statusReason)) {
            OffsetDateTime now = OffsetDateTime.now();
            switch (newStatus) {
                case PROVEN_MATURING -> provenSeenAt = provenSeenAt == null ? now : provenSeenAt;
                case NEEDS_REPROVE -> provenSeenAt = null;
                case FINALIZED, FINALIZED_FAILED_CALL -> finalizedSeenAt = finalizedSeenAt == null ? now : finalizedSeenAt;
                default -> { }
            }
            status = newStatus;
            reasonCode = code;
            statusReason = reason;
            statusUpdatedAt = now;
        }
    }

    /** Keeps the status and its code; says more about it. */
    public void setReasonText(String reason) {
        setStatus(status, reasonCode, reason);
    }
}
