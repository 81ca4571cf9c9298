package io.opwb.submission;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Optional;

import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

/**
 * A signed transaction that came from outside (a remote signer), checked against what we asked to
 * have signed before anything records or broadcasts it: an EIP-1559 transaction, in its one
 * canonical encoding, for our chain id, signed by the expected address with a low-s signature,
 * and carrying exactly our nonce, recipient, value, data, gas limit and fees, with no access list.
 * Pure: any bytes in, a refusal reason or nothing out.
 */
public final class SignedTransactionCheck {

    private static final BigInteger HALF_CURVE_ORDER = Sign.CURVE_PARAMS.getN().shiftRight(1);

    private SignedTransactionCheck() {
    }

    /** Why {@code signed} is not {@code requested} signed by {@code from} for {@code chainId}; empty when it is. */
    public static Optional<String> refusal(RawTransaction requested, long chainId, String from, byte[] signed) {
        SignedRawTransaction decoded;
        try {
            RawTransaction any = TransactionDecoder.decode(Numeric.toHexString(signed));
            if (!(any instanceof SignedRawTransaction s)) {
                return Optional.of("it is not signed");
            }
            decoded = s;
        } catch (RuntimeException e) {
            return Optional.of("it is not a transaction web3j can decode (" + e.getClass().getSimpleName() + ")");
        }
        if (!(decoded.getTransaction() instanceof Transaction1559 got)) {
            return Optional.of("it is a " + decoded.getType() + " transaction, not EIP-1559");
        }
        Transaction1559 asked = (Transaction1559) requested.getTransaction();
        Optional<String> field = firstDifference(asked, got, chainId);
        if (field.isPresent()) {
            return field;
        }
        Sign.SignatureData signature = decoded.getSignatureData();
        if (new BigInteger(1, signature.getS()).compareTo(HALF_CURVE_ORDER) > 0) {
            return Optional.of("its signature has a high s value (EIP-2: nodes refuse it)");
        }
        if (!Arrays.equals(TransactionEncoder.encode(decoded, signature), signed)) {
            return Optional.of("it is not in its canonical encoding");
        }
        try {
            String signer = decoded.getFrom();
            return signer.equalsIgnoreCase(from) ? Optional.empty()
                    : Optional.of("it is signed by " + signer + ", not by " + from);
        } catch (SignatureException | RuntimeException e) {
            return Optional.of("its signature recovers to no key");
        }
    }

    private static Optional<String> firstDifference(Transaction1559 asked, Transaction1559 got, long chainId) {
        if (got.getChainId() != chainId) {
            return differs("chain id", chainId, got.getChainId());
        }
        if (!asked.getNonce().equals(got.getNonce())) {
            return differs("nonce", asked.getNonce(), got.getNonce());
        }
        if (!hex(asked.getTo()).equals(hex(got.getTo()))) {
            return differs("recipient", asked.getTo(), got.getTo());
        }
        if (!asked.getValue().equals(got.getValue())) {
            return differs("value", asked.getValue(), got.getValue());
        }
        if (!hex(asked.getData()).equals(hex(got.getData()))) {
            return Optional.of("its data is not the data asked for");
        }
        if (!asked.getGasLimit().equals(got.getGasLimit())) {
            return differs("gas limit", asked.getGasLimit(), got.getGasLimit());
        }
        if (!asked.getMaxFeePerGas().equals(got.getMaxFeePerGas())) {
            return differs("max fee per gas", asked.getMaxFeePerGas(), got.getMaxFeePerGas());
        }
        if (!asked.getMaxPriorityFeePerGas().equals(got.getMaxPriorityFeePerGas())) {
            return differs("max priority fee per gas", asked.getMaxPriorityFeePerGas(), got.getMaxPriorityFeePerGas());
        }
        if (got.getAccessList() != null && !got.getAccessList().isEmpty()) {
            return Optional.of("it carries an access list we did not ask for");
        }
        return Optional.empty();
    }

    private static Optional<String> differs(String field, Object asked, Object got) {
        return Optional.of("its " + field + " is " + got + ", not " + asked);
    }

    /** Hex without prefix, lower case; null (no recipient, no data) as empty. */
    private static String hex(String value) {
        return value == null ? "" : Numeric.cleanHexPrefix(value).toLowerCase();
    }
}
