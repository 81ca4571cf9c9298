package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.devnet.Devnet;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.Tx;
import io.opwb.submission.FeeRefusal;
import io.opwb.submission.SendHeldException;
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
 * is replaced with the same nonce and higher fees, and the replacement is mined and followed. A
 * base fee that jumps out of nothing holds the send: nothing is signed until it has fallen.
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
    io.opwb.chain.L1Reader l1;

    @Inject
    ReceiptStage receipts;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;


    @Inject
    Tx tx;

    @Test
    void anUnderpricedBatchTransactionIsReplacedAndMined() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        String calldata = chains.primary().contracts().batcherForEncoding().finalizeBatch(List.of()).encodeFunctionCall();
        SignedTransaction first = txManager.sign(chains.primary().contracts().batcherAddress(), calldata, BigInteger.valueOf(200_000));
        BatchEntity batch = new BatchEntity();
        batch.l2ChainId = io.opwb.testing.TestWithdrawals.CHAIN;
        batch.kind = BatchKind.FINALIZE;
        batch.status = BatchStatus.SIGNED;
        batch.itemCount = 0;
        batch.txHash = Numeric.hexStringToByteArray(first.hash());
        long id = tx.inTransaction(() -> Panache.getSession().chain(s -> s.persist(batch).chain(s::flush))
                .chain(() -> txManager.record(first, batch.id)).map(ignored -> batch.id));

        // The base fee jumps above what the signed transaction offers (about twice the quiet devnet's base fee
        // plus a 1 gwei tip), but not so far that the fee sanity check doubts it (10 times the 1 gwei floor), nor
        // past 8 times the first attempt's fee.
        devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI.multiply(BigInteger.valueOf(6)));
        devnet.l1Rpc().mine();
        assertTrue(first.maxFeePerGas().compareTo(l1.nextBaseFee()) < 0, "the signed transaction is underpriced");
        txManager.broadcast(first);

        receipts.run(); // replaces it
        List<L1TransactionEntity> attempts = attempts(id);
        assertEquals(2, attempts.size(), "one replacement");
        L1TransactionEntity replacement = attempts.get(1);
        assertEquals(first.nonce(), replacement.nonce, "same nonce");
        assertTrue(replacement.maxFeePerGas.toBigInteger().compareTo(l1.nextBaseFee()) >= 0, "priced to be mined");
        assertTrue(replacement.maxPriorityFee.toBigInteger().multiply(BigInteger.TEN)
                .compareTo(first.maxPriorityFeePerGas().multiply(BigInteger.valueOf(11))) >= 0, "tip raised by 10 % or more");
        var mined = l1.receipt(Numeric.toHexString(replacement.txHash));
        assertTrue(mined.isPresent() && mined.get().isStatusOK(), "the replacement is mined");

        assertLocalSigningSpans();

        indexers.l1(chains.primary()).indexUntilCaughtUp(100);
        receipts.run(); // follows the mined replacement
        BatchEntity done = tx.read(() -> Panache.getSession().chain(s -> s.find(BatchEntity.class, id)));
        assertEquals(BatchStatus.CONFIRMED, done.status);
        assertArrayEquals(replacement.txHash, done.txHash);
    }

    @Test
    void aBaseFeeJumpOutOfNothingHoldsTheSendUntilItFalls() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        String to = chains.primary().contracts().batcherAddress();
        String calldata = chains.primary().contracts().batcherForEncoding().finalizeBatch(List.of()).encodeFunctionCall();
        // As the devnet demo's spikes do: 80 gwei in one block, which EIP-1559 never allows a real chain.
        devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI.multiply(BigInteger.valueOf(80)));
        devnet.l1Rpc().mine();
        SendHeldException held = assertThrows(SendHeldException.class,
                () -> txManager.sign(to, calldata, BigInteger.valueOf(200_000)));
        assertEquals(FeeRefusal.BASE_FEE_JUMP, held.reason());
        assertTrue(held.getMessage().startsWith("the node's next base fee 70000000000 wei is over 10 times the recent "
                + "base fee"), held.getMessage());
        assertTrue(registry.find("opwb.fee.refusals").tag("action", "sign").tag("reason", "BASE_FEE_JUMP").counter()
                .count() >= 1, "counted");

        devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI);
        devnet.l1Rpc().mine();
        SignedTransaction signed = txManager.sign(to, calldata, BigInteger.valueOf(200_000));
        assertTrue(signed.maxFeePerGas().compareTo(GWEI.multiply(BigInteger.TEN)) < 0, "signed at the fallen base fee");
    }

    @Inject
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans;

    /** This service signs with a key of its own: its signatures' spans say so, the replacement's too. */
    private void assertLocalSigningSpans() throws InterruptedException {
        var replacement = io.opentelemetry.api.common.AttributeKey.booleanKey("opwb.tx.replacement");
        var kind = io.opentelemetry.api.common.AttributeKey.stringKey("opwb.signer.kind");
        for (int i = 0; i < 30; i++) {
            var signing = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("l1.sign")).toList();
            if (signing.stream().anyMatch(s -> Boolean.TRUE.equals(s.getAttributes().get(replacement)))) {
                assertTrue(signing.stream().allMatch(s -> "local".equals(s.getAttributes().get(kind))), signing.toString());
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no signing span of the replacement");
    }

    private List<L1TransactionEntity> attempts(long batchId) {
        return tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from L1TransactionEntity where batchId = :b order by id", L1TransactionEntity.class)
                .setParameter("b", batchId).getResultList()));
    }
}
