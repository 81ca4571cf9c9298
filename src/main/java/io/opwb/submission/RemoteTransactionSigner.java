package io.opwb.submission;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Signs through a remote signer that holds the submitter key, so that the key never enters this
 * process: Web3Signer or a node ({@code eth_accounts}, {@code eth_signTransaction}), or Clef
 * ({@code account_list}, {@code account_signTransaction}). Its answer is untrusted: the returned
 * transaction is decoded and must be exactly the one asked for ({@link SignedTransactionCheck}).
 */
final class RemoteTransactionSigner implements TransactionSigner {

    static final String PREFIX = "opwb.submission.remote-signer";
    private static final Logger LOG = Logger.getLogger(RemoteTransactionSigner.class);
    private static final Duration ACCOUNTS_TIMEOUT = Duration.ofSeconds(10);

    private final SignerRpc rpc;
    private final SubmissionConfig.RemoteSignerConfig.Api api;
    private final Optional<String> configuredAddress;
    private final Duration timeout;
    /** The address it signs for: configured, else the one account the signer lists (asked once it answers). */
    private volatile String address;

    RemoteTransactionSigner(SubmissionConfig.RemoteSignerConfig config) {
        this.rpc = new SignerRpc(config.url().orElseThrow(), "the remote transaction signer");
        this.api = config.api();
        this.configuredAddress = config.address();
        this.timeout = config.timeout();
    }

    @Override
    public Kind kind() {
        return Kind.REMOTE;
    }

    @Override
    public List<String> addresses() {
        if (address == null) {
            address = resolveAddress();
        }
        return List.of(address);
    }

    private String resolveAddress() {
        if (configuredAddress.isPresent()) {
            String configured = configuredAddress.get().trim();
            if (!WalletUtils.isValidAddress(configured)) {
                throw new IllegalStateException(PREFIX + ".address is not an address: " + configured);
            }
            return Keys.toChecksumAddress(configured);
        }
        List<String> held;
        try {
            held = accounts();
        } catch (IOException e) {
            throw new IllegalStateException("cannot ask the remote signer for its accounts: " + e.getMessage()
                    + "; set " + PREFIX + ".address to the submitter's address, or make the signer reachable");
        }
        if (held.size() != 1) {
            throw new IllegalStateException("the remote signer at " + rpc.where() + " holds " + held.size()
                    + " accounts " + held + ": set " + PREFIX + ".address to the submitter's");
        }
        return Keys.toChecksumAddress(held.get(0));
    }

    private List<String> accounts() throws IOException {
        JsonNode result = rpc.call(api.accountsMethod(), List.of(), ACCOUNTS_TIMEOUT);
        if (!result.isArray()) {
            throw new IOException("the remote signer at " + rpc.where() + " answered " + api.accountsMethod()
                    + " with no list");
        }
        List<String> accounts = new ArrayList<>();
        for (JsonNode a : result) {
            if (!a.isTextual() || !WalletUtils.isValidAddress(a.asText())) {
                throw new IOException("the remote signer at " + rpc.where() + " listed something that is not an "
                        + "address among its accounts");
            }
            accounts.add(a.asText());
        }
        return accounts;
    }

    @Override
    public byte[] sign(String from, RawTransaction transaction, long chainId) throws IOException {
        String signer = addresses().get(0);
        if (!signer.equalsIgnoreCase(from)) {
            throw new IllegalStateException("no submitter key for " + from + ": the remote signer signs for " + signer);
        }
        JsonNode result = rpc.call(api.signMethod(), List.of(request(signer, transaction, chainId)), timeout);
        // eth_signTransaction answers with the raw transaction; Clef with {raw, tx}.
        JsonNode raw = result.isTextual() ? result : result.path("raw");
        byte[] signed;
        try {
            signed = Numeric.hexStringToByteArray(raw.isTextual() ? raw.asText() : "");
        } catch (RuntimeException e) {
            signed = new byte[0];
        }
        if (signed.length == 0) {
            throw new IOException("the remote signer answered " + api.signMethod() + " with no raw transaction");
        }
        Optional<String> refusal = SignedTransactionCheck.refusal(transaction, chainId, signer, signed);
        if (refusal.isPresent()) {
            throw new IOException("the remote signer's answer to " + api.signMethod() + " is not the transaction asked "
                    + "for, nothing is sent: " + refusal.get());
        }
        return signed;
    }

    /** The transaction as both APIs take it: hex quantities, the sender, and the chain id. */
    private static Map<String, String> request(String from, RawTransaction transaction, long chainId) {
        Transaction1559 tx = (Transaction1559) transaction.getTransaction();
        Map<String, String> request = new LinkedHashMap<>();
        request.put("from", from);
        request.put("to", tx.getTo());
        request.put("gas", Numeric.encodeQuantity(tx.getGasLimit()));
        request.put("maxFeePerGas", Numeric.encodeQuantity(tx.getMaxFeePerGas()));
        request.put("maxPriorityFeePerGas", Numeric.encodeQuantity(tx.getMaxPriorityFeePerGas()));
        request.put("value", Numeric.encodeQuantity(tx.getValue()));
        request.put("data", Numeric.prependHexPrefix(tx.getData() == null ? "" : tx.getData()));
        request.put("nonce", Numeric.encodeQuantity(tx.getNonce()));
        request.put("chainId", Numeric.encodeQuantity(java.math.BigInteger.valueOf(chainId)));
        return request;
    }

    @Override
    public String description() {
        return "a remote signer at " + rpc.where() + " (" + api.signMethod() + ")";
    }

    @Override
    public void checkAtStart() {
        String signer = addresses().get(0);
        List<String> held;
        try {
            held = accounts();
        } catch (IOException e) {
            LOG.warnf("the remote signer cannot be asked for its accounts now (%s): each send waits until it answers",
                    e.getMessage());
            return;
        }
        if (held.stream().noneMatch(signer::equalsIgnoreCase)) {
            throw new IllegalStateException("the remote signer at " + rpc.where() + " does not hold " + signer
                    + " (its accounts: " + held + "): set " + PREFIX + ".address to one it holds");
        }
    }
}
