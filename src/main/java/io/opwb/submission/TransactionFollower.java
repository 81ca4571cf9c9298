package io.opwb.submission;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opwb.chain.L1Reader;
import io.opwb.chain.RpcErrorKind;
import io.opwb.storage.L1TransactionEntity;

/**
 * Follows each batch's send until one of its attempts is mined: broadcasts again what the node
 * dropped or never got (a crash between recording and broadcasting), replaces with higher fees
 * (same nonce, by {@link FeeBumpPolicy}) what is priced under the next block's base fee or has
 * waited longer than {@code opwb.submission.replace-after}, and tells when another transaction
 * took the nonce. After mining, {@link #recheck} tells whether a reorg moved or removed it. It
 * decides about transactions only: what a mined batch did to its withdrawals is the pipeline's.
 */
@ApplicationScoped
public class TransactionFollower {

    private static final Logger LOG = Logger.getLogger(TransactionFollower.class);

    private final TxManager txManager;
    private final L1Reader l1;
    private final SendRecords records;
    private final Duration replaceAfter;
    private final Clock clock;
    /** Why a batch's transaction was last not replaced, so that each refusal is logged once. */
    private final Map<Long, FeeRefusal> replacementRefused = new ConcurrentHashMap<>();

    @Inject
    public TransactionFollower(TxManager txManager, L1Reader l1, SendRecords records, SubmissionConfig config) {
        this(txManager, l1, records, config.replaceAfter(), Clock.systemUTC());
    }

    TransactionFollower(TxManager txManager, L1Reader l1, SendRecords records, Duration replaceAfter, Clock clock) {
        this.txManager = txManager;
        this.l1 = l1;
        this.records = records;
        this.replaceAfter = replaceAfter;
        this.clock = clock;
    }

    /** Where the batch's send stands, after what this look at it needed (a re-broadcast, a replacement). */
    public SendState follow(long batchId) throws IOException {
        List<L1TransactionEntity> attempts = records.attempts(batchId);
        Optional<TransactionReceipt> mined = minedAttempt(attempts);
        if (mined.isPresent()) {
            replacementRefused.remove(batchId);
            return new SendState.Mined(mined.get());
        }
        return unstick(batchId, attempts);
    }

    /**
     * Broadcasts a recorded batch transaction that may never have reached a node (a crash after
     * recording it, or a refusal); when the node refuses it, a replacement may be accepted.
     *
     * @return pending (or mined) when the node now has one of its attempts; else refused, or its nonce taken
     */
    public SendState resend(long batchId) throws IOException {
        List<L1TransactionEntity> attempts = records.attempts(batchId);
        if (attempts.isEmpty()) {
            return new SendState.Refused("nothing was recorded for it");
        }
        String refusal = txManager.rebroadcast(Numeric.toHexString(latest(attempts).raw)).refusal();
        if (refusal == null) {
            return new SendState.Pending(SendState.Step.REBROADCAST);
        }
        SendState unstuck = unstick(batchId, attempts);
        if (unstuck instanceof SendState.NonceTaken) {
            return unstuck;
        }
        List<L1TransactionEntity> now = records.attempts(batchId); // with the replacement, if there is one
        Optional<TransactionReceipt> mined = minedAttempt(now);
        if (mined.isPresent()) {
            return new SendState.Mined(mined.get());
        }
        return l1.known(Numeric.toHexString(latest(now).txHash)) ? unstuck : new SendState.Refused(refusal);
    }

    /** Whether the transaction mined in {@code block} is still there. */
    public ReorgCheck recheck(byte[] txHash, long block) throws IOException {
        Optional<TransactionReceipt> receipt = l1.receipt(Numeric.toHexString(txHash));
        if (receipt.isEmpty()) {
            return ReorgCheck.REMOVED;
        }
        long now = receipt.get().getBlockNumber().longValueExact();
        return now == block ? ReorgCheck.KEPT : new ReorgCheck.Moved(now);
    }

    /** A replacement or the original: whichever of the attempts was mined. */
    private Optional<TransactionReceipt> minedAttempt(List<L1TransactionEntity> attempts) throws IOException {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Optional<TransactionReceipt> receipt = l1.receipt(Numeric.toHexString(attempts.get(i).txHash));
            if (receipt.isPresent()) {
                return receipt;
            }
        }
        return Optional.empty();
    }

    private SendState unstick(long batchId, List<L1TransactionEntity> attempts) throws IOException {
        if (attempts.isEmpty()) {
            return new SendState.Pending(SendState.Step.NOTHING_RECORDED);
        }
        L1TransactionEntity latest = latest(attempts);
        String hash = Numeric.toHexString(latest.txHash);
        boolean underpriced = latest.maxFeePerGas.toBigInteger().compareTo(l1.nextBaseFee()) < 0;
        boolean old = Duration.between(latest.waitingSince, OffsetDateTime.now(clock)).compareTo(replaceAfter) >= 0;
        if (!underpriced && !old) {
            if (l1.known(hash)) {
                return new SendState.Pending(SendState.Step.WAITING);
            }
            String refusal = txManager.rebroadcast(Numeric.toHexString(latest.raw)).refusal();
            LOG.infof("batch #%d: the node had dropped %s; broadcast again%s", batchId, hash,
                    refusal == null ? "" : " (refused: " + refusal + ")");
            return new SendState.Pending(SendState.Step.REBROADCAST);
        }
        Replacement replacement = txManager.replacement(Numeric.toHexString(latest.raw));
        if (replacement.isRefused()) {
            // Logged when the refusal begins or its reason changes; it is asked again every cycle.
            if (replacementRefused.put(batchId, replacement.refusal()) != replacement.refusal()) {
                LOG.warnf("batch #%d: %s is %s and is left to wait as it is, not replaced: %s", batchId, hash,
                        underpriced ? "under the base fee" : "not mined in time", replacement.reason());
            }
            return new SendState.Pending(SendState.Step.REPLACEMENT_REFUSED);
        }
        replacementRefused.remove(batchId);
        SignedTransaction next = replacement.transaction();
        records.recordReplacement(next, batchId);
        BroadcastResult sent = txManager.broadcast(next);
        if (sent instanceof BroadcastResult.Refused refused && refused.kind() == RpcErrorKind.NONCE_TOO_LOW
                && minedAttempt(records.attempts(batchId)).isEmpty()) {
            return new SendState.NonceTaken(latest.nonce); // the pipeline logs it, with what it does about it
        }
        LOG.infof("batch #%d: replaced %s%s with %s (nonce %d, max fee %s -> %s wei, tip %s -> %s)%s", batchId, hash,
                underpriced ? " (under the base fee)" : " (not mined in time)", next.hash(), next.nonce(),
                latest.maxFeePerGas.toBigInteger(), next.maxFeePerGas(), latest.maxPriorityFee.toBigInteger(),
                next.maxPriorityFeePerGas(), sent.refusal() == null ? "" : "; broadcast refused: " + sent.refusal());
        return new SendState.Pending(SendState.Step.REPLACED);
    }

    private static L1TransactionEntity latest(List<L1TransactionEntity> attempts) {
        return attempts.get(attempts.size() - 1);
    }
}
