package io.opwb.submission;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainClients;
import io.opwb.chain.ChainConfig;
import io.opwb.chain.RpcErrorKind;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.SignerNonceEntity;
import io.opwb.storage.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@link TxManager} with the nonce kept in the database: the next nonce is the larger of what we
 * recorded and what the chain has mined, so a restart never reuses one. Fees are EIP-1559 from
 * the node: twice the base fee plus the suggested tip, capped by configuration.
 */
@ApplicationScoped
public class PersistentTxManager implements TxManager {

    private static final BigInteger DEFAULT_TIP = BigInteger.valueOf(1_000_000_000L);
    /** Without a finalized tag: Ethereum finalizes after two epochs of 32 slots. */
    private static final BigInteger UNFINALIZED_DEPTH = BigInteger.valueOf(64);

    private final ChainClients chains;
    private final ChainConfig chainConfig;
    private final SubmissionConfig config;
    private final SignerKey key;
    private final Tx tx;

    public PersistentTxManager(ChainClients chains, ChainConfig chainConfig, SubmissionConfig config, SignerKey key,
            Tx tx) {
        this.chains = chains;
        this.chainConfig = chainConfig;
        this.config = config;
        this.key = key;
        this.tx = tx;
    }

    @Override
    public String sender() {
        return key.address();
    }

    @Override
    public List<String> senders() {
        return key.addresses();
    }

    @Override
    public SignedTransaction sign(String from, String to, String data, BigInteger gasLimit) throws IOException {
        org.web3j.crypto.Credentials credentials = key.credentials(from);
        long nonce = nextNonce(credentials.getAddress());
        BigInteger baseFee = chains.l1().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
                .getBlock().getBaseFeePerGas();
        BigInteger tip = suggestedTip();
        BigInteger maxFee = baseFee.multiply(BigInteger.TWO).add(tip);
        if (config.maxFeePerGasWei().isPresent()) {
            BigInteger cap = config.maxFeePerGasWei().get();
            maxFee = maxFee.min(cap);
            tip = tip.min(cap);
        }
        long chainId = chainConfig.l1().chainId();
        RawTransaction raw = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), gasLimit, to,
                BigInteger.ZERO, data, tip, maxFee);
        byte[] signed = TransactionEncoder.signMessage(raw, chainId, credentials);
        return new SignedTransaction(credentials.getAddress(), nonce, Numeric.toHexString(Hash.sha3(signed)),
                Numeric.toHexString(signed), maxFee, tip, gasLimit);
    }

    private BigInteger suggestedTip() {
        try {
            var response = chains.l1().ethMaxPriorityFeePerGas().send();
            return response.hasError() ? DEFAULT_TIP : response.getMaxPriorityFeePerGas();
        } catch (IOException | RuntimeException e) {
            return DEFAULT_TIP;
        }
    }

    private long nextNonce(String from) throws IOException {
        long mined = chains.l1().ethGetTransactionCount(from, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
        byte[] address = Numeric.hexStringToByteArray(from);
        SignerNonceEntity recorded = tx.read(() -> Panache.getSession().chain(s -> s.find(SignerNonceEntity.class, address)));
        return recorded == null ? mined : Math.max(mined, recorded.nextNonce);
    }

    @Override
    public Uni<Void> record(SignedTransaction signed, Long batchId) {
        byte[] address = Numeric.hexStringToByteArray(signed.from());
        return Panache.getSession().chain(s -> s.find(SignerNonceEntity.class, address).chain(found -> {
            SignerNonceEntity nonce = found != null ? found : new SignerNonceEntity();
            nonce.address = address;
            nonce.nextNonce = Math.max(nonce.nextNonce, signed.nonce() + 1);
            L1TransactionEntity row = new L1TransactionEntity();
            row.batchId = batchId;
            row.sender = address;
            row.nonce = signed.nonce();
            row.txHash = Numeric.hexStringToByteArray(signed.hash());
            row.raw = Numeric.hexStringToByteArray(signed.raw());
            row.maxFeePerGas = new BigDecimal(signed.maxFeePerGas());
            row.maxPriorityFee = new BigDecimal(signed.maxPriorityFeePerGas());
            row.gasLimit = signed.gasLimit().longValueExact();
            row.status = L1TransactionEntity.SIGNED;
            return (found != null ? Uni.createFrom().voidItem() : s.persist(nonce)).chain(() -> s.persist(row));
        }));
    }

    @Override
    public String broadcast(SignedTransaction signed) throws IOException {
        return rebroadcast(signed.raw());
    }

    @Override
    public String rebroadcast(String rawHex) throws IOException {
        EthSendTransaction sent = chains.l1().ethSendRawTransaction(rawHex).send();
        if (!sent.hasError()) {
            return null;
        }
        String message = sent.getError().getMessage();
        RpcErrorKind kind = RpcErrorKind.of(message);
        // The node has it already (a re-broadcast after a crash): not an error. Nor is a nonce used by this very
        // transaction: a send retried after its answer was lost, the first attempt having been mined meanwhile.
        boolean ours = kind == RpcErrorKind.ALREADY_KNOWN
                || kind == RpcErrorKind.NONCE_TOO_LOW && known(Hash.sha3(rawHex));
        return ours ? null : message;
    }

    @Override
    public Optional<SignedTransaction> replacement(String rawHex) throws IOException {
        RawTransaction old = TransactionDecoder.decode(rawHex);
        if (!(old.getTransaction() instanceof Transaction1559 fees)) {
            throw new IOException("not an EIP-1559 transaction: " + rawHex.substring(0, Math.min(12, rawHex.length())));
        }
        FeeBumpPolicy.Bump bump = new FeeBumpPolicy(config.feeBumpPercent(), config.maxFeePerGasWei())
                .bump(fees.getMaxFeePerGas(), fees.getMaxPriorityFeePerGas(), nextBaseFee(), suggestedTip());
        if (!bump.possible()) {
            return Optional.empty();
        }
        long chainId = chainConfig.l1().chainId();
        RawTransaction raw = RawTransaction.createTransaction(chainId, old.getNonce(), old.getGasLimit(), old.getTo(),
                BigInteger.ZERO, old.getData(), bump.maxPriorityFeePerGas(), bump.maxFeePerGas());
        // The replacement is signed by the key that signed the original: same sender, same nonce.
        org.web3j.crypto.Credentials credentials;
        try {
            credentials = key.credentials(((SignedRawTransaction) old).getFrom());
        } catch (java.security.SignatureException e) {
            throw new IOException("cannot tell who signed the transaction to replace", e);
        }
        byte[] signed = TransactionEncoder.signMessage(raw, chainId, credentials);
        return Optional.of(new SignedTransaction(credentials.getAddress(), old.getNonce().longValueExact(),
                Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), bump.maxFeePerGas(),
                bump.maxPriorityFeePerGas(), old.getGasLimit()));
    }

    @Override
    public boolean known(String txHash) throws IOException {
        return chains.l1().ethGetTransactionByHash(txHash).send().getTransaction().isPresent();
    }

    @Override
    public BigInteger nextBaseFee() throws IOException {
        List<BigInteger> fees = chains.l1().ethFeeHistory(1, DefaultBlockParameterName.LATEST, List.of()).send()
                .getFeeHistory().getBaseFeePerGas();
        return fees.get(fees.size() - 1);
    }

    @Override
    public Optional<TransactionReceipt> receipt(String txHash) throws IOException {
        return chains.l1().ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
    }

    @Override
    public BigInteger head() throws IOException {
        return chains.l1().ethBlockNumber().send().getBlockNumber();
    }

    @Override
    public BigInteger finalizedBlock() throws IOException {
        var response = chains.l1().ethGetBlockByNumber(DefaultBlockParameterName.FINALIZED, false).send();
        if (!response.hasError() && response.getBlock() != null) {
            return response.getBlock().getNumber();
        }
        return head().subtract(UNFINALIZED_DEPTH).max(BigInteger.ZERO);
    }
}
