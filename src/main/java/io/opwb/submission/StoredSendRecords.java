package io.opwb.submission;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.utils.Numeric;

import io.opwb.storage.BatchRepository;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.L1TransactionRepository;
import io.opwb.storage.Tx;

/** {@link SendRecords} in the database: a replacement and the batch's current hash change in one transaction. */
@ApplicationScoped
public class StoredSendRecords implements SendRecords {

    private final Tx tx;
    private final TxManager txManager;
    private final L1TransactionRepository transactions;
    private final BatchRepository batches;

    public StoredSendRecords(Tx tx, TxManager txManager, L1TransactionRepository transactions, BatchRepository batches) {
        this.tx = tx;
        this.txManager = txManager;
        this.transactions = transactions;
        this.batches = batches;
    }

    @Override
    public List<L1TransactionEntity> attempts(long batchId) {
        return tx.read(() -> transactions.ofBatch(batchId));
    }

    @Override
    public void recordReplacement(SignedTransaction replacement, long batchId) {
        tx.inTransaction(() -> txManager.record(replacement, batchId)
                .chain(() -> batches.setTxHash(batchId, Numeric.hexStringToByteArray(replacement.hash()))));
    }
}
