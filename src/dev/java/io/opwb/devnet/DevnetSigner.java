package io.opwb.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * Sends the devnet's own transactions (deployment, proposals, resolutions, traffic) from one
 * anvil account: EIP-1559, gas estimated per call (web3j's own estimation drops {@code value}),
 * receipt awaited, a revert turned into an exception. Not the service's transaction manager.
 */
public final class DevnetSigner {

    private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
    /** Deployments get a fixed limit: a few of the OP implementations need several million gas. */
    private static final BigInteger DEPLOY_GAS_LIMIT = BigInteger.valueOf(12_000_000L);

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final TransactionReceiptProcessor receipts;
    private final RawTransactionManager transactionManager;

    public DevnetSigner(Web3j web3j, Credentials credentials, long chainId) {
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
        // web3j's default polls receipts every 15 s; anvil mines instantly.
        this.receipts = new PollingTransactionReceiptProcessor(web3j, 50, 2400);
        this.transactionManager = new RawTransactionManager(web3j, credentials, chainId, receipts);
    }

    public String address() {
        return credentials.getAddress();
    }

    public Credentials credentials() {
        return credentials;
    }

    public Web3j web3j() {
        return web3j;
    }

    public RawTransactionManager transactionManager() {
        return transactionManager;
    }

    /** For generated wrappers' deploy and setup calls, sent while the chain auto-mines. */
    public ContractGasProvider deployGasProvider() {
        return new StaticEIP1559GasProvider(chainId, maxFee(), PRIORITY_FEE, DEPLOY_GAS_LIMIT);
    }

    /** Sends {@code data} to {@code to} with {@code value} wei and waits for a successful receipt. */
    public synchronized TransactionReceipt send(String to, String data, BigInteger value) {
        try {
            BigInteger gas = estimate(to, data, value);
            EthSendTransaction sent = transactionManager.sendEIP1559Transaction(chainId, PRIORITY_FEE, maxFee(), gas,
                    to, data, value, false);
            if (sent.hasError()) {
                throw new IllegalStateException("send to " + to + " failed: " + sent.getError().getMessage());
            }
            return awaitReceipt(sent.getTransactionHash());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Broadcasts with a given gas limit and returns the hash at once (for blocks mined by hand). */
    public synchronized String submitWithoutWaiting(String to, String data, BigInteger value, BigInteger gasLimit) {
        try {
            EthSendTransaction sent = transactionManager.sendEIP1559Transaction(chainId, PRIORITY_FEE, maxFee(),
                    gasLimit, to, data, value, false);
            if (sent.hasError()) {
                throw new IllegalStateException("send to " + to + " failed: " + sent.getError().getMessage());
            }
            return sent.getTransactionHash();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TransactionReceipt awaitReceipt(String transactionHash) {
        try {
            TransactionReceipt receipt = receipts.waitForTransactionReceipt(transactionHash);
            if (!receipt.isStatusOK()) {
                throw new IllegalStateException("transaction " + transactionHash + " reverted");
            }
            return receipt;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TransactionException e) {
            throw new IllegalStateException("no receipt: " + e.getMessage(), e);
        }
    }

    /** eth_estimateGas plus a margin; a revert surfaces here with the node's reason. */
    public BigInteger estimate(String to, String data, BigInteger value) throws IOException {
        EthEstimateGas estimate = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(address(), null,
                null, null, to, value, data)).send();
        if (estimate.hasError()) {
            throw new CallRevertedException(to, estimate.getError().getMessage(), estimate.getError().getData());
        }
        BigInteger gas = estimate.getAmountUsed();
        return gas.add(gas.divide(BigInteger.valueOf(5))).add(BigInteger.valueOf(20_000));
    }

    private BigInteger maxFee() {
        try {
            BigInteger baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
                    .getBaseFeePerGas();
            return baseFee.multiply(BigInteger.TWO).add(PRIORITY_FEE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A call the node says would revert. */
    public static final class CallRevertedException extends IllegalStateException {
        private final String revertData;

        CallRevertedException(String to, String message, String revertData) {
            super("call to " + to + " would revert: " + message + (revertData == null ? "" : " " + revertData));
            this.revertData = revertData;
        }

        public String revertData() {
            return revertData;
        }
    }
}
