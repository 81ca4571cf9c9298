package io.opwb.submission;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;

import io.micrometer.core.instrument.Counter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.opwb.chain.ChainClients;
import io.opwb.chain.ChainConfig;
import io.opwb.chain.L1Reader;
import io.opwb.chain.RpcErrorKind;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.L1TransactionRepository;
import io.opwb.storage.SignerNonceEntity;
import io.opwb.storage.TransactionStatus;
import io.opwb.storage.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@link TxManager} with the nonce kept in the database: the next nonce is the larger of what we
 * recorded and what the chain has mined, so a restart never reuses one. Fees are EIP-1559 from
 * the node, believed only when they fit the recent base fees ({@link FeeSanityPolicy}), and
 * offered only under the cap ({@link FeeBumpPolicy}); otherwise nothing is signed.
 */
@ApplicationScoped
public class PersistentTxManager implements TxManager {

    private static final Logger LOG = Logger.getLogger(PersistentTxManager.class);
    private static final BigInteger DEFAULT_TIP = BigInteger.valueOf(1_000_000_000L);

    private final ChainClients chains;
    private final L1Reader l1;
    private final ChainConfig chainConfig;
    private final SignerKey key;
    private final Tx tx;
    private final MeterRegistry registry;
    private final FeeBumpPolicy fees;
    private final FeeSanityPolicy sanity;
    private final int historyBlocks;
    private final RecentBaseFees recentBaseFees;
    private final Tracer tracer;
    /** Why sends are held now: logged when a hold begins and when it ends, not every cycle. */
    private volatile FeeRefusal holding;

    private final L1TransactionRepository transactions;

    public PersistentTxManager(ChainClients chains, L1Reader l1, ChainConfig chainConfig, SubmissionConfig config,
            SignerKey key, Tx tx, MeterRegistry registry, L1TransactionRepository transactions, Tracer tracer) {
        this.transactions = transactions;
        this.tracer = tracer;
        this.chains = chains;
        this.l1 = l1;
        this.chainConfig = chainConfig;
        this.key = key;
        this.tx = tx;
        this.registry = registry;
        this.fees = FeeBumpPolicy.from(config);
        this.sanity = FeeSanityPolicy.from(config.feeSanity());
        this.historyBlocks = config.feeSanity().historyBlocks();
        this.recentBaseFees = new RecentBaseFees(historyBlocks);
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
    public SignedTransaction sign(String from, String to, String data, BigInteger gasLimit)
            throws IOException, SendHeldException {
        String sender = submitter(from);
        long nonce = nextNonce(sender);
        FeeBumpPolicy.Bump offer = firstOffer();
        long chainId = chainConfig.l1().chainId();
        RawTransaction raw = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), gasLimit, to,
                BigInteger.ZERO, data, offer.maxPriorityFeePerGas(), offer.maxFeePerGas());
        byte[] signed = signTraced(sender, raw, chainId, false);
        return new SignedTransaction(sender, nonce, Numeric.toHexString(Hash.sha3(signed)),
                Numeric.toHexString(signed), offer.maxFeePerGas(), offer.maxPriorityFeePerGas(), gasLimit);
    }

    /** The submitter address as the signer spells it; one it does not sign for is an error. */
    private String submitter(String from) {
        return key.addresses().stream().filter(a -> a.equalsIgnoreCase(from)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no submitter key for " + from));
    }

    /**
     * Signs in a span ({@code l1.sign}, with the signer's kind): a remote signer's round trip shows in the
     * trace, and a refusal as the span's error. Nothing is recorded or sent when it throws.
     */
    private byte[] signTraced(String from, RawTransaction raw, long chainId, boolean replacement) throws IOException {
        TransactionSigner signer = key.signer();
        Span span = tracer.spanBuilder("l1.sign").setAttribute("opwb.signer.kind", signer.kind().label())
                .setAttribute("opwb.tx.nonce", raw.getNonce().longValue())
                .setAttribute("opwb.tx.replacement", replacement).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return signer.sign(from, raw, chainId);
        } catch (IOException | RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public void checkFees() throws IOException, SendHeldException {
        firstOffer();
    }

    /** What a first attempt offers now; throws (logged when a hold begins, counted each time) when it is held. */
    private FeeBumpPolicy.Bump firstOffer() throws IOException, SendHeldException {
        NodeFees market = nodeFees();
        FeeBumpPolicy.Bump offer = market.verdict().believed() ? fees.firstAttempt(market.baseFee(), market.tip())
                : FeeBumpPolicy.Bump.refused(market.verdict().doubt(), market.verdict().reason());
        if (!offer.possible()) {
            refused("sign", offer.refusal());
            if (holding != offer.refusal()) {
                LOG.warnf("L1 sends held, nothing signed: %s. Asked again before each send", offer.reason());
                holding = offer.refusal();
            }
            throw new SendHeldException(offer.refusal(), offer.reason());
        }
        if (holding != null) {
            LOG.infof("L1 sends go again: next base fee %s wei, tip %s wei", market.baseFee(), market.tip());
            holding = null;
        }
        return offer;
    }

    /** The node's next base fee and tip, and whether they fit the recent base fees. */
    private record NodeFees(BigInteger baseFee, BigInteger tip, FeeSanityPolicy.Verdict verdict) {
    }

    private NodeFees nodeFees() throws IOException {
        // eth_feeHistory's base fees end with the next block's: the one a transaction sent now pays.
        var history = chains.l1().ethFeeHistory(historyBlocks, DefaultBlockParameterName.LATEST, List.of()).send()
                .getFeeHistory();
        List<BigInteger> baseFees = history.getBaseFeePerGas();
        BigInteger next = baseFees.get(baseFees.size() - 1);
        List<BigInteger> recent = recentBaseFees.observe(history.getOldestBlock().longValueExact(),
                baseFees.subList(0, baseFees.size() - 1));
        BigInteger tip = suggestedTip();
        return new NodeFees(next, tip, sanity.judge(recent, next, tip));
    }

    private void refused(String action, FeeRefusal reason) {
        Counter.builder("opwb.fee.refusals").description("L1 sends held and replacements refused, by reason")
                .tag("action", action).tag("reason", reason.name()).register(registry).increment();
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
            row.status = TransactionStatus.SIGNED;
            return (found != null ? Uni.createFrom().voidItem() : s.persist(nonce)).chain(() -> s.persist(row));
        }));
    }

    @Override
    public BroadcastResult broadcast(SignedTransaction signed) throws IOException {
        return rebroadcast(signed.raw());
    }

    @Override
    public BroadcastResult rebroadcast(String rawHex) throws IOException {
        EthSendTransaction sent = chains.l1().ethSendRawTransaction(rawHex).send();
        if (!sent.hasError()) {
            return BroadcastResult.ACCEPTED;
        }
        String message = sent.getError().getMessage();
        RpcErrorKind kind = RpcErrorKind.of(message);
        // The node has it already (a re-broadcast after a crash): not an error. Nor is a nonce used by this very
        // transaction: a send retried after its answer was lost, the first attempt having been mined meanwhile.
        boolean ours = kind == RpcErrorKind.ALREADY_KNOWN
                || kind == RpcErrorKind.NONCE_TOO_LOW && l1.known(Hash.sha3(rawHex));
        return ours ? BroadcastResult.ACCEPTED : new BroadcastResult.Refused(kind, message);
    }

    @Override
    public Replacement replacement(String rawHex) throws IOException {
        RawTransaction old = TransactionDecoder.decode(rawHex);
        if (!(old.getTransaction() instanceof Transaction1559 oldFees)) {
            throw new IOException("not an EIP-1559 transaction: " + rawHex.substring(0, Math.min(12, rawHex.length())));
        }
        // The replacement is signed by the key that signed the original: same sender, same nonce.
        String sender;
        try {
            sender = submitter(((SignedRawTransaction) old).getFrom());
        } catch (java.security.SignatureException e) {
            throw new IOException("cannot tell who signed the transaction to replace", e);
        }
        NodeFees market = nodeFees();
        FeeBumpPolicy.Bump bump = market.verdict().believed()
                ? fees.bump(attempts(sender, old.getNonce().longValueExact(), oldFees.getMaxFeePerGas()),
                        oldFees.getMaxFeePerGas(), oldFees.getMaxPriorityFeePerGas(), market.baseFee(), market.tip())
                : FeeBumpPolicy.Bump.refused(market.verdict().doubt(), market.verdict().reason());
        if (!bump.possible()) {
            refused("replace", bump.refusal());
            return Replacement.refused(bump.refusal(), bump.reason());
        }
        long chainId = chainConfig.l1().chainId();
        RawTransaction raw = RawTransaction.createTransaction(chainId, old.getNonce(), old.getGasLimit(), old.getTo(),
                BigInteger.ZERO, old.getData(), bump.maxPriorityFeePerGas(), bump.maxFeePerGas());
        byte[] signed = signTraced(sender, raw, chainId, true);
        return Replacement.signed(new SignedTransaction(sender, old.getNonce().longValueExact(),
                Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), bump.maxFeePerGas(),
                bump.maxPriorityFeePerGas(), old.getGasLimit()));
    }

    /** What we recorded at this nonce: the first attempt's max fee, and how many replaced it. */
    private FeeBumpPolicy.Attempts attempts(String from, long nonce, BigInteger latestMaxFee) {
        byte[] address = Numeric.hexStringToByteArray(from);
        List<BigDecimal> maxFees = tx.read(() -> transactions.maxFeesAt(address, nonce));
        return maxFees.isEmpty() ? new FeeBumpPolicy.Attempts(latestMaxFee, 0)
                : new FeeBumpPolicy.Attempts(maxFees.get(0).toBigInteger(), maxFees.size() - 1);
    }
}
