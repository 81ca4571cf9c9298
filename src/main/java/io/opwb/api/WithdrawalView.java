package io.opwb.api;

import java.time.OffsetDateTime;
import java.util.List;

/** A withdrawal as the API shows it. Amounts are decimal strings of wei. */
public record WithdrawalView(String withdrawalHash, String l2TxHash, long l2BlockNumber, int l2LogIndex, String nonce,
        String sender, String target, String value, String gasLimit, String data, String status, String reason,
        OffsetDateTime statusUpdatedAt, boolean selected, OffsetDateTime indexedAt, Long proveBatchId,
        String proveTxHash, Long gameIndex, Long finalizeBatchId, String finalizeTxHash, String proofSubmitter,
        List<ProofView> proofs, FinalizationView finalization) {

    /** A proof on the portal, by anyone. */
    public record ProofView(String submitter, String disputeGame, long provenAt, String l1TxHash, long l1BlockNumber) {
    }

    /** The portal's finalization; success is whether the call to the target succeeded. */
    public record FinalizationView(boolean success, String l1TxHash, long l1BlockNumber) {
    }
}
