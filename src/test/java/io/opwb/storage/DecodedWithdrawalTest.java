package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.WithdrawalKind;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.L1StandardBridge;

/**
 * A withdrawal's data decoded once into columns reads back as the very {@link WithdrawalKind} the API decoded
 * on every view before V27, for every kind and for data that does not decode; calls encoded by the generated
 * wrappers of the real contracts.
 */
class DecodedWithdrawalTest {

    private static final Web3j NO_NODE = Web3j.build(new HttpService("http://127.0.0.1:1"));
    private static final String L1_MESSENGER = "0x00000000000000000000000000000000000a0001";
    private static final String L1_BRIDGE = "0x00000000000000000000000000000000000a0002";
    private static final String FROM = "0x00000000000000000000000000000000000b0001";
    private static final String TO = "0x00000000000000000000000000000000000b0002";
    private static final byte[] MESSENGER_ADDRESS = Numeric.hexStringToByteArray(Predeploys.L2_CROSS_DOMAIN_MESSENGER);
    private static final byte[] PORTAL_TARGET = Numeric.hexStringToByteArray(L1_MESSENGER);
    private static final L1CrossDomainMessenger MESSENGER = L1CrossDomainMessenger.load(L1_MESSENGER, NO_NODE,
            new ReadonlyTransactionManager(NO_NODE, FROM), new DefaultGasProvider());
    private static final L1StandardBridge BRIDGE = L1StandardBridge.load(L1_BRIDGE, NO_NODE,
            new ReadonlyTransactionManager(NO_NODE, FROM), new DefaultGasProvider());
    /** The messenger's versioned nonce: version 1 in the top two bytes, 73 decimal digits. */
    private static final BigInteger NONCE = BigInteger.ONE.shiftLeft(240).add(BigInteger.valueOf(7));

    @Test
    void anEthTransferReadsBackAsDecoded() {
        BigInteger amount = new BigInteger("123000000000000000");
        byte[] data = relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, amount,
                bytes(BRIDGE.finalizeBridgeETH(FROM, TO, amount, new byte[] {1}, BigInteger.ZERO).encodeFunctionCall()));
        DecodedWithdrawal d = roundTrip(MESSENGER_ADDRESS, PORTAL_TARGET, data);
        assertEquals(WithdrawalKind.Kind.ETH_TRANSFER, d.kind());
        assertArrayEquals(Hash.sha3(data), d.messageHash());
        assertEquals(FROM, Numeric.toHexString(d.parties().l2Account()));
        assertEquals(TO, Numeric.toHexString(d.parties().l1Account()));
        assertNull(d.parties().l1Token());
        assertEquals(L1_BRIDGE, Numeric.toHexString(d.messageTarget()));
        assertEquals(NONCE, d.messageNonce().toBigIntegerExact());
        assertEquals(amount, d.transferAmount().toBigIntegerExact());
        assertNull(d.transferL2Token());
    }

    @Test
    void aTokenTransferReadsBackAsDecoded() {
        String l1Token = "0x00000000000000000000000000000000000c0001";
        String l2Token = "0x00000000000000000000000000000000000c0002";
        BigInteger amount = BigInteger.TWO.pow(256).subtract(BigInteger.ONE); // the largest amount there is
        DecodedWithdrawal d = roundTrip(MESSENGER_ADDRESS, PORTAL_TARGET, relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE,
                BigInteger.ZERO, bytes(BRIDGE.finalizeBridgeERC20(l1Token, l2Token, FROM, TO, amount, new byte[] {9})
                        .encodeFunctionCall())));
        assertEquals(WithdrawalKind.Kind.TOKEN_TRANSFER, d.kind());
        assertEquals(l1Token, Numeric.toHexString(d.parties().l1Token()));
        assertEquals(l2Token, Numeric.toHexString(d.transferL2Token()));
        assertEquals(amount, d.transferAmount().toBigIntegerExact());
    }

    @Test
    void messagesReadBackAsDecoded() {
        DecodedWithdrawal d = roundTrip(MESSENGER_ADDRESS, PORTAL_TARGET, relay(FROM, TO, BigInteger.ONE, new byte[] {1, 2}));
        assertEquals(WithdrawalKind.Kind.MESSAGE, d.kind());
        assertEquals(FROM, Numeric.toHexString(d.parties().l2Account()));
        assertEquals(TO, Numeric.toHexString(d.messageTarget()));
        assertNull(d.transferAmount());
        // The bridge's message with a call the bridge does not have, and one whose transfer does not decode.
        assertEquals(WithdrawalKind.Kind.MESSAGE, roundTrip(MESSENGER_ADDRESS, PORTAL_TARGET,
                relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, BigInteger.ZERO, new byte[] {1, 2, 3, 4, 5})).kind());
        byte[] eth = bytes(BRIDGE.finalizeBridgeETH(FROM, TO, BigInteger.TEN, new byte[0], BigInteger.ZERO)
                .encodeFunctionCall());
        assertEquals(WithdrawalKind.Kind.MESSAGE, roundTrip(MESSENGER_ADDRESS, PORTAL_TARGET,
                relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, BigInteger.ZERO, Arrays.copyOf(eth, 40))).kind());
    }

    @Test
    void whateverDoesNotDecodeIsADirectRow() {
        byte[] sender = Numeric.hexStringToByteArray(FROM);
        byte[] target = Numeric.hexStringToByteArray(TO);
        byte[] relay = relay(FROM, TO, BigInteger.ONE, new byte[] {1});
        DecodedWithdrawal plain = roundTrip(sender, target, relay); // not sent by the L2 messenger
        assertEquals(WithdrawalKind.Kind.DIRECT, plain.kind());
        assertNull(plain.messageHash());
        assertArrayEquals(sender, plain.parties().l2Account());
        assertArrayEquals(target, plain.parties().l1Account());
        assertNull(plain.messageNonce());
        assertNull(plain.messageTarget());

        byte[] huge = new byte[1 << 20];
        new java.util.SplittableRandom(23).nextBytes(huge);
        System.arraycopy(relay, 0, huge, 0, 4); // relayMessage's selector, then a megabyte of noise
        byte[] lengthClaim = relay.clone(); // the message's length word claims 2^255 bytes
        lengthClaim[4 + 6 * 32] = (byte) 0x80;
        for (byte[] data : new byte[][] {new byte[0], Arrays.copyOf(relay, 3), Arrays.copyOf(relay, 4),
                Arrays.copyOf(relay, 40), huge}) {
            DecodedWithdrawal d = roundTrip(MESSENGER_ADDRESS, PORTAL_TARGET, data);
            assertEquals(WithdrawalKind.Kind.DIRECT, d.kind(), () -> data.length + " bytes");
            // A call of relayMessage keeps its hash (the relays are joined by it) though it does not decode.
            assertEquals(data.length >= 4 ? Numeric.toHexString(Hash.sha3(data)) : null,
                    d.messageHash() == null ? null : Numeric.toHexString(d.messageHash()));
            assertArrayEquals(MESSENGER_ADDRESS, d.parties().l2Account());
        }
        // web3j reads the length word's low bits: whatever it makes of it, the columns say the same.
        roundTrip(MESSENGER_ADDRESS, PORTAL_TARGET, lengthClaim);
    }

    @Test
    void aRowNotDecodedOrMissingAColumnReadsAsNothing() {
        assertNull(DecodedWithdrawal.kindOf(null, null, null, null, null, null, null, null, null, null, null));
        DecodedWithdrawal d = DecodedWithdrawal.of(MESSENGER_ADDRESS, PORTAL_TARGET, relay(FROM, TO, BigInteger.ONE,
                new byte[0]));
        assertNotNull(read(d, d.messageHash()));
        assertNull(read(d, null), "a message without its hash: decoded by the reader instead");
    }

    /** Decodes, reads the columns back, and checks that they say what decoding the data says. */
    private static DecodedWithdrawal roundTrip(byte[] sender, byte[] target, byte[] data) {
        DecodedWithdrawal d = DecodedWithdrawal.of(sender, target, data);
        assertEquals(WithdrawalKind.of(Numeric.toHexString(sender), data), read(d, d.messageHash()));
        return d;
    }

    private static WithdrawalKind read(DecodedWithdrawal d, byte[] messageHash) {
        return DecodedWithdrawal.kindOf(d.kind().name(), messageHash, d.parties().l2Account(), d.parties().l1Account(),
                d.parties().l1Token(), d.messageNonce(), d.messageTarget(), d.messageValue(), d.messageMinGasLimit(),
                d.transferL2Token(), d.transferAmount());
    }

    private static byte[] relay(String sender, String target, BigInteger value, byte[] message) {
        return bytes(MESSENGER.relayMessage(NONCE, sender, target, value, BigInteger.valueOf(200_000), message, value)
                .encodeFunctionCall());
    }

    private static byte[] bytes(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }
}
