package io.opwb.storage;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.WithdrawalKind;

/**
 * A withdrawal's calldata decoded once ({@link WithdrawalKind#of}), as the columns that keep it: who it
 * concerns ({@code parties}, V22), the messenger's hash ({@code messageHash}, V21) and what it is (V27:
 * {@code kind} and the message's and transfer's fields no other column holds). Made by the indexer's insert
 * and by the worker's fill of older rows; {@link #kindOf} reads the same {@link WithdrawalKind} back from the
 * columns, so the API shows what it would have decoded, without decoding.
 *
 * <p>{@code messageHash} is the keccak of the data whenever the data calls the messenger's
 * {@code relayMessage}, even when its arguments do not decode (kind DIRECT then): the relays are joined by it.
 */
public record DecodedWithdrawal(WithdrawalKind.Kind kind, byte[] messageHash, WithdrawalParties.Parties parties,
        BigDecimal messageNonce, byte[] messageTarget, BigDecimal messageValue, BigDecimal messageMinGasLimit,
        byte[] transferL2Token, BigDecimal transferAmount) {

    /** Decodes a withdrawal's data; any bytes at all give a row (garbage is DIRECT, as the API always showed it). */
    public static DecodedWithdrawal of(byte[] sender, byte[] target, byte[] data) {
        String senderHex = Numeric.toHexString(sender);
        WithdrawalKind decoded = WithdrawalKind.of(senderHex, data);
        WithdrawalKind.Message m = decoded.message();
        WithdrawalKind.Transfer t = decoded.transfer();
        byte[] messageHash = m != null ? Numeric.hexStringToByteArray(m.hash())
                : WithdrawalKind.isMessage(senderHex, data) ? Hash.sha3(data) : null;
        return new DecodedWithdrawal(decoded.kind(), messageHash, WithdrawalParties.Parties.of(sender, target, decoded),
                m == null ? null : new BigDecimal(m.nonce()), m == null ? null : address(m.target()),
                m == null ? null : new BigDecimal(m.value()), m == null ? null : new BigDecimal(m.minGasLimit()),
                t == null || t.l2Token() == null ? null : address(t.l2Token()),
                t == null ? null : new BigDecimal(t.amount()));
    }

    /**
     * The decoded withdrawal its columns hold (equal to {@link WithdrawalKind#of} on its data), or null when
     * the row has not been decoded yet ({@code kind} null: indexed before V27) or lacks a column its kind needs.
     * Addresses as {@code WithdrawalKind} gives them: {@code 0x} and lower-case hex.
     */
    public static WithdrawalKind kindOf(String kind, byte[] messageHash, byte[] l2Account, byte[] l1Account,
            byte[] l1Token, BigDecimal messageNonce, byte[] messageTarget, BigDecimal messageValue,
            BigDecimal messageMinGasLimit, byte[] transferL2Token, BigDecimal transferAmount) {
        if (kind == null) {
            return null;
        }
        WithdrawalKind.Kind k = WithdrawalKind.Kind.valueOf(kind);
        if (k == WithdrawalKind.Kind.DIRECT) {
            return new WithdrawalKind(k, null, null);
        }
        if (messageHash == null || l2Account == null || l1Account == null || messageNonce == null
                || messageTarget == null || messageValue == null || messageMinGasLimit == null) {
            return null;
        }
        // A transfer's message is the L2 bridge's (that is what makes it one); l2_account holds its from.
        String messageSender = k == WithdrawalKind.Kind.MESSAGE ? hex(l2Account) : Predeploys.L2_STANDARD_BRIDGE;
        WithdrawalKind.Message message = new WithdrawalKind.Message(hex(messageHash), integer(messageNonce),
                messageSender, hex(messageTarget), integer(messageValue), integer(messageMinGasLimit));
        if (k == WithdrawalKind.Kind.MESSAGE) {
            return new WithdrawalKind(k, message, null);
        }
        boolean token = k == WithdrawalKind.Kind.TOKEN_TRANSFER;
        if (transferAmount == null || token && (l1Token == null || transferL2Token == null)) {
            return null;
        }
        return new WithdrawalKind(k, message, new WithdrawalKind.Transfer(token ? hex(l1Token) : null,
                token ? hex(transferL2Token) : null, hex(l2Account), hex(l1Account), integer(transferAmount)));
    }

    private static byte[] address(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }

    private static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    private static BigInteger integer(BigDecimal value) {
        return value.toBigIntegerExact();
    }
}
