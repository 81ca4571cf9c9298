package io.opwb.submission;

import java.util.List;

import io.opwb.storage.L1TransactionEntity;

/** The attempts we recorded for each batch's send, as {@link TransactionFollower} reads and adds them. */
public interface SendRecords {

    /** A batch's attempts, the first first: a replacement shares its predecessor's nonce. */
    List<L1TransactionEntity> attempts(long batchId);

    /** Records a signed replacement as the batch's latest attempt (before it is broadcast). */
    void recordReplacement(SignedTransaction replacement, long batchId);
}
