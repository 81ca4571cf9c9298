package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.devnet.Devnet;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.Tx;
import io.opwb.submission.SignedTransaction;
import io.opwb.submission.TxManager;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A batch transaction priced under the base fee (the devnet's base fee jumps after it was signed)
 * is replaced with the same nonce and higher fees, and the replacement is mined and followed.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class StuckTransactionTest {

    @jakarta.inject.Inject
    io.opwb.indexing.ChainIndexers indexers;

    @jakarta.inject.Inject
    io.opwb.chain.Chains chains;

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    @Inject
    TxManager txManager;

    @Inject
    ReceiptStage receipts;


    @Inject
    Tx tx;

    @Test
    void anUnderpricedBatchTransactionIsReplacedAndMined() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        String calldata = chains.primary().contracts().batcherForEncoding().finalizeBatch(List.of()).encodeFunctionCall();
        SignedTransaction first = txManager.sign(chains.primary().contracts().batcherAddress(), calldata, BigInteger.valueOf(200_000));
        BatchEntity batch = new BatchEntity();
        batch.l2ChainId = io.opwb.testing.TestWithdrawals.CHAIN;
        batch.kind = BatchEntity.FINALIZE;
        batch.status = BatchEntity.SIGNED;
        batch.itemCount = 0;
        batch.txHash = Numeric.hexStringToByteArray(first.hash());
        long id = tx.inTransaction(() -> Panache.getSession().chain(s -> s.persist(batch).chain(s::flush))
                .chain(() -> txManager.record(first, batch.id)).map(ignored -> batch.id));

        // The base fee jumps far above what the signed transaction offers.
        devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI.multiply(BigInteger.valueOf(200)));
        devnet.l1Rpc().mine();
        assertTrue(first.maxFeePerGas().compareTo(txManager.nextBaseFee()) < 0, "the signed transaction is underpriced");
        txManager.broadcast(first);

        receipts.run(); // replaces it
        List<L1TransactionEntity> attempts = attempts(id);
        assertEquals(2, attempts.size(), "one replacement");
        L1TransactionEntity replacement = attempts.get(1);
        assertEquals(first.nonce(), replacement.nonce, "same nonce");
        assertTrue(replacement.maxFeePerGas.toBigInteger().compareTo(txManager.nextBaseFee()) >= 0, "priced to be mined");
        assertTrue(replacement.maxPriorityFee.toBigInteger().multiply(BigInteger.TEN)
                .compareTo(first.maxPriorityFeePerGas().multiply(BigInteger.valueOf(11))) >= 0, "tip raised by 10 % or more");
        var mined = txManager.receipt(Numeric.toHexString(replacement.txHash));
        assertTrue(mined.isPresent() && mined.get().isStatusOK(), "the replacement is mined");

        indexers.l1(chains.primary()).indexUntilCaughtUp(100);
        receipts.run(); // follows the mined replacement
        BatchEntity done = tx.read(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, id)));
        assertEquals(BatchEntity.CONFIRMED, done.status);
        assertArrayEquals(replacement.txHash, done.txHash);
    }

    private List<L1TransactionEntity> attempts(long batchId) {
        return tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from L1TransactionEntity where batchId = :b order by id", L1TransactionEntity.class)
                .setParameter("b", batchId).getResultList()));
    }
}
