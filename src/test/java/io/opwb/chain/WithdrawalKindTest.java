package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.L1StandardBridge;

/** Decoding withdrawals, against calls encoded by the generated wrappers of the real contracts. */
class WithdrawalKindTest {

    private static final Web3j NO_NODE = Web3j.build(new HttpService("http://127.0.0.1:1"));
    private static final String L1_MESSENGER = "0x00000000000000000000000000000000000a0001";
    private static final String L1_BRIDGE = "0x00000000000000000000000000000000000a0002";
    private static final String FROM = "0x00000000000000000000000000000000000b0001";
    private static final String TO = "0x00000000000000000000000000000000000b0002";
    private static final L1CrossDomainMessenger MESSENGER = L1CrossDomainMessenger.load(L1_MESSENGER, NO_NODE,
            new ReadonlyTransactionManager(NO_NODE, FROM), new DefaultGasProvider());
    private static final L1StandardBridge BRIDGE = L1StandardBridge.load(L1_BRIDGE, NO_NODE,
            new ReadonlyTransactionManager(NO_NODE, FROM), new DefaultGasProvider());

    @Test
    void anEthTransferThroughTheStandardBridge() {
        BigInteger amount = new BigInteger("123000000000000000");
        byte[] inner = bytes(BRIDGE.finalizeBridgeETH(FROM, TO, amount, new byte[0], amount).encodeFunctionCall());
        byte[] data = relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, amount, inner);
        WithdrawalKind kind = WithdrawalKind.of(Predeploys.L2_CROSS_DOMAIN_MESSENGER, data);
        assertEquals(WithdrawalKind.Kind.ETH_TRANSFER, kind.kind());
        assertEquals(new WithdrawalKind.Transfer(null, null, FROM, TO, amount), kind.transfer());
        assertEquals(Numeric.toHexString(Hash.sha3(data)), kind.message().hash());
        assertEquals(BigInteger.valueOf(7), kind.message().nonce());
        assertEquals(L1_BRIDGE, kind.message().target());
        assertEquals(amount, kind.message().value());
    }

    @Test
    void aTokenTransferNamesBothTokens() {
        String l1Token = "0x00000000000000000000000000000000000c0001";
        String l2Token = "0x00000000000000000000000000000000000c0002";
        BigInteger amount = BigInteger.TEN.pow(21);
        byte[] inner = bytes(BRIDGE.finalizeBridgeERC20(l1Token, l2Token, FROM, TO, amount, new byte[] {9})
                .encodeFunctionCall());
        WithdrawalKind kind = WithdrawalKind.of(Predeploys.L2_CROSS_DOMAIN_MESSENGER,
                relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, BigInteger.ZERO, inner));
        assertEquals(WithdrawalKind.Kind.TOKEN_TRANSFER, kind.kind());
        assertEquals(new WithdrawalKind.Transfer(l1Token, l2Token, FROM, TO, amount), kind.transfer());
    }

    @Test
    void aMessageFromAnyoneElseIsAMessage() {
        WithdrawalKind kind = WithdrawalKind.of(Predeploys.L2_CROSS_DOMAIN_MESSENGER,
                relay(FROM, TO, BigInteger.ONE, new byte[] {1, 2, 3}));
        assertEquals(WithdrawalKind.Kind.MESSAGE, kind.kind());
        assertEquals(FROM, kind.message().sender());
        assertNull(kind.transfer());
        // ...and so is a "bridge transfer" with a selector the bridge does not have.
        assertEquals(WithdrawalKind.Kind.MESSAGE, WithdrawalKind.of(Predeploys.L2_CROSS_DOMAIN_MESSENGER,
                relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, BigInteger.ZERO, new byte[] {1, 2, 3, 4, 5})).kind());
    }

    @Test
    void directAndMalformedWithdrawalsAreDirect() {
        byte[] data = relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, BigInteger.ZERO, new byte[0]);
        assertEquals(WithdrawalKind.Kind.DIRECT, WithdrawalKind.of(FROM, data).kind(), "not sent by the L2 messenger");
        assertFalse(WithdrawalKind.isMessage(FROM, data));
        assertEquals(WithdrawalKind.Kind.DIRECT, WithdrawalKind.of(Predeploys.L2_CROSS_DOMAIN_MESSENGER, new byte[0]).kind());
        byte[] truncated = java.util.Arrays.copyOf(data, 40);
        assertEquals(WithdrawalKind.Kind.DIRECT, WithdrawalKind.of(Predeploys.L2_CROSS_DOMAIN_MESSENGER, truncated).kind());
    }

    private static byte[] relay(String sender, String target, BigInteger value, byte[] message) {
        return bytes(MESSENGER.relayMessage(BigInteger.valueOf(7), sender, target, value, BigInteger.valueOf(200_000),
                message, value).encodeFunctionCall());
    }

    private static byte[] bytes(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }
}
