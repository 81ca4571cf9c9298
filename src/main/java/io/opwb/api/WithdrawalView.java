package io.opwb.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A withdrawal as the API shows it, with its chain (name and L2 chain id). Amounts are decimal strings of wei.
 * {@code reason} is for people and may be reworded; {@code reasonCode} (a {@code storage.ReasonCode} name, or
 * null) is for programs.
 */
public record WithdrawalView(String withdrawalHash, String l2TxHash, long l2BlockNumber, int l2LogIndex, String nonce,
        String sender, String target, String value, String gasLimit, String data, String status, String reason,
        String reasonCode,
        OffsetDateTime statusUpdatedAt, boolean selected, OffsetDateTime indexedAt, Long proveBatchId,
        String proveTxHash, Long gameIndex, Long finalizeBatchId, String finalizeTxHash, String proofSubmitter,
        List<ProofView> proofs, FinalizationView finalization, EtaView eta, String kind, MessageView message,
        TransferView transfer, String chain, long chainId, ProgressView progress) {

    /**
     * Its four steps for people ({@link ProgressLine}): INITIATED, PROVEN, MATURED (proof matured and game
     * final), FINALIZED, in that order; {@code waitingFor}: what it waits for now, in plain words without
     * times (null once final); {@code waitingReasonCode}: the reason code of a withdrawal not final;
     * {@code retryable}: skipped, and an operator's retry can change that.
     */
    public record ProgressView(List<StepView> steps, String waitingFor, String waitingReasonCode, boolean retryable) {
    }

    /**
     * One step: {@code state} DONE, CURRENT (the one it is on), EXPECTED or SKIPPED; {@code at} when done
     * (null when not known: the L2 block's time is not stored, nor when a proof matured once final);
     * {@code expectedAt} when not done and the ETA knows; the chain it happens on (L1 or L2), and its
     * transaction and block when known.
     */
    public record StepView(String step, String state, Instant at, Instant expectedAt, String chainLayer,
            String txHash, Long block) {
    }

    /**
     * A messenger message (kinds MESSAGE, ETH_TRANSFER, TOKEN_TRANSFER): its sender on L2 and target
     * on L1, and once our batch finalized it, whether the L1 messenger relayed it ({@code relay}
     * RELAYED) or recorded it as failed (FAILED, {@code replayable}: anyone may call
     * {@code L1CrossDomainMessenger.relayMessage} with the withdrawal's data again). Finalizing a
     * message is safe either way; a DIRECT withdrawal whose target would revert is never finalized.
     */
    public record MessageView(String hash, String nonce, String sender, String target, String value,
            String minGasLimit, String relay, boolean replayable) {
    }

    /**
     * A standard-bridge transfer: ETH ({@code l1Token} null) or a token, how much (in its smallest units),
     * from whom on L2 to whom on L1. {@code symbol} and {@code decimals}: "ETH" and 18 for ETH; a token's
     * as its L1 contract answered them once (both null until read, or when it does not answer: show raw units).
     */
    public record TransferView(String asset, String l1Token, String l2Token, String from, String to, String amount,
            String symbol, Integer decimals) {
    }

    /** A proof on the portal, by anyone. */
    public record ProofView(String submitter, String disputeGame, long provenAt, String l1TxHash, long l1BlockNumber) {
    }

    /**
     * When it can be proven and finalized (at the earliest), and by when we expect to have done it
     * (our batch window added); each null when unknown or not applicable. Null when final or skipped.
     */
    public record EtaView(L1Time provableAt, L1Time provenBy, L1Time finalizableAt, L1Time finalizedBy, String basis) {
    }

    /** An L1 block timestamp. */
    public record L1Time(Instant instant, long epochSeconds) {
        static L1Time of(Long epochSeconds) {
            return epochSeconds == null ? null : new L1Time(Instant.ofEpochSecond(epochSeconds), epochSeconds);
        }
    }

    /** The portal's finalization; success is whether the call to the target succeeded. */
    public record FinalizationView(boolean success, String l1TxHash, long l1BlockNumber) {
    }
}
