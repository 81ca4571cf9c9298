package io.opwb.submission;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainClients;
import io.opwb.chain.L1Reader;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.L1TransactionRepository;
import io.opwb.storage.Tx;

/**
 * Sends one L1 transaction that belongs to no batch (a deployment, an admin call) from the primary
 * key and waits until it is mined. It goes through {@link TxManager} like a batch, so that its nonce
 * is recorded and the pipeline's next transaction never reuses it. Its rows have no batch, so the
 * pipeline never follows them: {@link #resumeUnmined} does, for the next run.
 */
@ApplicationScoped
public class StandaloneSender {

    private static final Logger LOG = Logger.getLogger(StandaloneSender.class);
    /** eth_estimateGas is exact for the state it ran on; the state may move before the block. */
    private static final int GAS_MARGIN_PERCENT = 25;
    /** Ethereum mines a block every 12 s; a transaction not mined in this long is not coming. */
    private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(10);
    private static final long MAX_POLL_MILLIS = 2_000;

    private final ChainClients chains;
    private final TxManager txManager;
    private final L1Reader l1;
    private final Tx tx;

    private final L1TransactionRepository transactions;

    public StandaloneSender(ChainClients chains, TxManager txManager, L1Reader l1, Tx tx,
            L1TransactionRepository transactions) {
        this.transactions = transactions;
        this.l1 = l1;
        this.chains = chains;
        this.txManager = txManager;
        this.tx = tx;
    }

    /**
     * Signs, records, broadcasts and waits. {@code what} names the action in errors.
     *
     * @return the receipt of the mined transaction, which succeeded
     * @throws IllegalStateException when the node refuses to estimate or take it, its fees are held, or it
     *         reverts or is not mined in time
     */
    public TransactionReceipt send(String to, String data, String what) throws IOException, InterruptedException {
        BigInteger gasLimit = estimate(to, data, what).multiply(BigInteger.valueOf(100 + GAS_MARGIN_PERCENT))
                .divide(BigInteger.valueOf(100));
        SignedTransaction signed;
        try {
            signed = txManager.sign(to, data, gasLimit);
        } catch (SendHeldException e) {
            throw new IllegalStateException(what + ": nothing signed: " + e.getMessage() + "; try again later", e);
        }
        tx.inTransaction(() -> txManager.record(signed, null));
        String refused = txManager.broadcast(signed).refusal();
        if (refused != null) {
            throw new IllegalStateException(what + ": the node refused transaction " + signed.hash() + ": " + refused);
        }
        LOG.infof("%s: sent %s (nonce %d, gas limit %,d)", what, signed.hash(), signed.nonce(), gasLimit);
        TransactionReceipt receipt = awaitMined(signed.hash(), what);
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException(what + ": transaction " + signed.hash() + " reverted in L1 block "
                    + receipt.getBlockNumber() + " (status " + receipt.getStatus() + ")");
        }
        return receipt;
    }

    /**
     * Broadcasts again, and waits for, what an earlier run recorded but the chain has not mined (it
     * crashed before the broadcast, or the node refused it): its nonce is taken in our records, so
     * until it is mined every later transaction of the key would wait behind the gap.
     *
     * @return how many there were
     * @throws IllegalStateException when the node refuses one again, or it is not mined in time
     */
    public int resumeUnmined() throws IOException, InterruptedException {
        String from = txManager.sender();
        long mined = chains.l1().ethGetTransactionCount(from, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
        byte[] address = Numeric.hexStringToByteArray(from);
        List<L1TransactionEntity> unmined = tx.read(() -> transactions.standaloneFrom(address, mined));
        for (L1TransactionEntity row : unmined) {
            String hash = Numeric.toHexString(row.txHash);
            String what = "transaction " + hash + " (nonce " + row.nonce + "), recorded by an earlier run";
            String refused = txManager.rebroadcast(Numeric.toHexString(row.raw)).refusal();
            if (refused != null) {
                throw new IllegalStateException(what + ", is refused by the node again: " + refused);
            }
            LOG.infof("%s and never mined: broadcast again", what);
            TransactionReceipt receipt = awaitMined(hash, what);
            LOG.infof("%s: mined in L1 block %s, %s", what, receipt.getBlockNumber(),
                    receipt.isStatusOK() ? "succeeded" : "reverted");
        }
        return unmined.size();
    }

    private BigInteger estimate(String to, String data, String what) throws IOException {
        var answer = chains.l1().ethEstimateGas(Transaction.createEthCallTransaction(txManager.sender(), to, data)).send();
        if (answer.hasError()) {
            throw new IllegalStateException(what + ": the node cannot estimate its gas (it would revert?): "
                    + answer.getError().getMessage());
        }
        return answer.getAmountUsed();
    }

    /** Waits for the receipt, and marks the row mined (nobody else follows rows without a batch). */
    private TransactionReceipt awaitMined(String hash, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
        long pause = 100;
        while (System.nanoTime() < deadline) {
            var receipt = l1.receipt(hash);
            if (receipt.isPresent()) {
                tx.inTransaction(() -> transactions.markMined(Numeric.hexStringToByteArray(hash)));
                return receipt.get();
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
        throw new IllegalStateException(what + ": transaction " + hash + " not mined within " + RECEIPT_TIMEOUT);
    }
}
