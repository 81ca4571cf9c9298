package io.opwb.storage;

import java.math.BigDecimal;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Every L1 transaction we signed (one row per attempt: replacements share a nonce), by sender and nonce. */
@ApplicationScoped
public class L1TransactionRepository implements PanacheRepositoryBase<L1TransactionEntity, Long> {

    /** The max fees of the attempts at one nonce, first attempt first. */
    public Uni<List<BigDecimal>> maxFeesAt(byte[] sender, long nonce) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select maxFeePerGas from L1TransactionEntity where sender = :s and nonce = :n order by id",
                BigDecimal.class).setParameter("s", sender).setParameter("n", nonce).getResultList());
    }

    /** Transactions of no batch (one-off sends) from this sender at or above this nonce: not known to be mined. */
    public Uni<List<L1TransactionEntity>> standaloneFrom(byte[] sender, long nonce) {
        return list("batchId is null and sender = ?1 and nonce >= ?2 order by nonce, id", sender, nonce);
    }

    /** A batch's attempts, the first first. */
    public Uni<List<L1TransactionEntity>> ofBatch(long batchId) {
        return list("batchId = ?1 order by id", batchId);
    }

    /**
     * A reorg took the batch's mined attempt out of the chain: its attempts count as unmined again, and
     * the wait before a replacement starts now, when the transaction went back to the node.
     */
    public Uni<Integer> reopen(long batchId) {
        return update("status = ?1, waitingSince = ?2 where batchId = ?3 and status = ?4", TransactionStatus.SIGNED,
                java.time.OffsetDateTime.now(), batchId, TransactionStatus.MINED);
    }

    public Uni<Integer> markMined(byte[] txHash) {
        return update("status = ?1 where txHash = ?2", TransactionStatus.MINED, txHash);
    }
}
