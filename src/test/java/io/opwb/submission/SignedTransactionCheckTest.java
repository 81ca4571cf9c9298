package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;

/** Every field of a signed answer is checked against the request; anything else is refused with the field. */
class SignedTransactionCheckTest {

    private static final Credentials KEY = RemoteTransactionSignerTest.SUBMITTER;
    private static final long CHAIN = RemoteTransactionSignerTest.CHAIN;
    private static final RawTransaction TX = RemoteTransactionSignerTest.TX;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    @Test
    void theTransactionAskedForPasses() {
        assertEquals(Optional.empty(), check(TransactionEncoder.signMessage(TX, CHAIN, KEY)));
    }

    @Test
    void eachChangedFieldIsNamed() {
        String to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        BigInteger gas = BigInteger.valueOf(200_000);
        BigInteger five = BigInteger.valueOf(5);
        Map<String, RawTransaction> changed = Map.of(
                "its recipient is", tx(five, gas, "0x" + "11".repeat(20), BigInteger.ZERO, "0xabcdef01", GWEI, GWEI.multiply(BigInteger.valueOf(3))),
                "its value is 1, not 0", tx(five, gas, to, BigInteger.ONE, "0xabcdef01", GWEI, GWEI.multiply(BigInteger.valueOf(3))),
                "its data is not", tx(five, gas, to, BigInteger.ZERO, "0xabcdef02", GWEI, GWEI.multiply(BigInteger.valueOf(3))),
                "its gas limit is 200001", tx(five, gas.add(BigInteger.ONE), to, BigInteger.ZERO, "0xabcdef01", GWEI, GWEI.multiply(BigInteger.valueOf(3))),
                "its max fee per gas is", tx(five, gas, to, BigInteger.ZERO, "0xabcdef01", GWEI, GWEI.multiply(BigInteger.valueOf(30))),
                "its max priority fee per gas is", tx(five, gas, to, BigInteger.ZERO, "0xabcdef01", GWEI.multiply(BigInteger.TWO), GWEI.multiply(BigInteger.valueOf(3))));
        changed.forEach((reason, tx) -> {
            Optional<String> refusal = check(TransactionEncoder.signMessage(tx, CHAIN, KEY));
            assertTrue(refusal.isPresent() && refusal.get().startsWith(reason), reason + " -> " + refusal);
        });
    }

    @Test
    void anAccessListWeDidNotAskForIsRefused() {
        RawTransaction withList = RawTransaction.createTransaction(CHAIN, TX.getNonce(), TX.getGasLimit(), TX.getTo(),
                TX.getValue(), TX.getData(), GWEI, GWEI.multiply(BigInteger.valueOf(3)),
                List.of(new AccessListObject(TX.getTo(), List.of("0x" + "00".repeat(32)))));
        assertEquals(Optional.of("it carries an access list we did not ask for"),
                check(TransactionEncoder.signMessage(withList, CHAIN, KEY)));
    }

    @Test
    void aLegacyTransactionIsRefused() {
        RawTransaction legacy = RawTransaction.createTransaction(TX.getNonce(), GWEI, TX.getGasLimit(), TX.getTo(),
                TX.getValue(), TX.getData());
        Optional<String> refusal = check(TransactionEncoder.signMessage(legacy, CHAIN, KEY));
        assertTrue(refusal.isPresent() && refusal.get().contains("not EIP-1559"), String.valueOf(refusal));
    }

    @Test
    void theSameSignatureWithAHighSIsRefused() {
        byte[] signed = TransactionEncoder.signMessage(TX, CHAIN, KEY);
        Sign.SignatureData low = ((org.web3j.crypto.SignedRawTransaction) org.web3j.crypto.TransactionDecoder.decode(
                org.web3j.utils.Numeric.toHexString(signed))).getSignatureData();
        // (r, n - s) with the other parity recovers to the same key: valid ECDSA, refused by nodes since EIP-2.
        byte[] highS = org.web3j.utils.Numeric.toBytesPadded(
                Sign.CURVE_PARAMS.getN().subtract(new BigInteger(1, low.getS())), 32);
        byte v = low.getV()[0]; // web3j decodes a typed transaction's parity as 27 or 28
        Sign.SignatureData high = new Sign.SignatureData((byte) (v == 27 ? 28 : 27), low.getR(), highS);
        assertEquals(Optional.of("its signature has a high s value (EIP-2: nodes refuse it)"),
                check(TransactionEncoder.encode(TX, high)));
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] signed = TransactionEncoder.signMessage(TX, CHAIN, KEY);
        byte[] longer = Arrays.copyOf(signed, signed.length + 1);
        Optional<String> refusal = check(longer);
        assertTrue(refusal.isPresent(), "refused");
    }

    private static RawTransaction tx(BigInteger nonce, BigInteger gas, String to, BigInteger value, String data,
            BigInteger tip, BigInteger maxFee) {
        return RawTransaction.createTransaction(CHAIN, nonce, gas, to, value, data, tip, maxFee);
    }

    private static Optional<String> check(byte[] signed) {
        return SignedTransactionCheck.refusal(TX, CHAIN, KEY.getAddress(), signed);
    }
}
