package io.opwb.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.L1StandardBridge;

/** The selection rule: at least the minimum ETH value, or a party on the address list. */
class SelectionPolicyTest {

    static final String SENDER = "0x1111111111111111111111111111111111111111";
    static final String TARGET = "0x2222222222222222222222222222222222222222";
    static final String LISTED = "0xAbCdEf0000000000000000000000000000001234";
    static final BigInteger ONE_ETH = new BigInteger("1000000000000000000");
    static final BigInteger DEFAULT_MIN = new BigInteger("10000000000000000");
    static final byte[] NO_DATA = new byte[0];

    private static final String L1_MESSENGER = "0x00000000000000000000000000000000000a0001";
    private static final String L1_BRIDGE = "0x00000000000000000000000000000000000a0002";
    private static final Web3j NO_NODE = Web3j.build(new HttpService("http://127.0.0.1:1"));
    private static final L1CrossDomainMessenger MESSENGER = L1CrossDomainMessenger.load(L1_MESSENGER, NO_NODE,
            new ReadonlyTransactionManager(NO_NODE, SENDER), new DefaultGasProvider());
    private static final L1StandardBridge BRIDGE = L1StandardBridge.load(L1_BRIDGE, NO_NODE,
            new ReadonlyTransactionManager(NO_NODE, SENDER), new DefaultGasProvider());

    @Test
    void byDefaultOnlyWithdrawalsOfAtLeastOneHundredthOfAnEtherAreSelected() {
        SelectionPolicy defaults = SelectionPolicy.from(config(Optional.empty(), DEFAULT_MIN));
        assertNull(defaults.rejection(SENDER, TARGET, DEFAULT_MIN, NO_DATA), "the minimum itself");
        assertNull(defaults.rejection(SENDER, TARGET, ONE_ETH, NO_DATA));
        assertEquals("not selected: it carries 0 wei, under the minimum 10000000000000000 (only ETH counts, not a "
                + "bridged token's amount)", defaults.rejection(SENDER, TARGET, BigInteger.ZERO, NO_DATA));
        assertNotNull(defaults.rejection(SENDER, TARGET, DEFAULT_MIN.subtract(BigInteger.ONE), NO_DATA));
    }

    @Test
    void aMinimumOfZeroSelectsEverything() {
        SelectionPolicy all = new SelectionPolicy(Optional.empty(), BigInteger.ZERO);
        assertNull(all.rejection(SENDER, TARGET, BigInteger.ZERO, NO_DATA));
        assertNull(all.rejection(SENDER, TARGET, new BigInteger(
                "115792089237316195423570985008687907853269984665640564039457584007913129639935"), NO_DATA));
    }

    @Test
    void aListedSenderOrTargetIsSelectedWhateverItsValueCaseInsensitively() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of(LISTED)), ONE_ETH);
        assertNull(p.rejection(LISTED.toLowerCase(), TARGET, BigInteger.ZERO, NO_DATA));
        assertNull(p.rejection("0xABCDEF0000000000000000000000000000001234", TARGET, BigInteger.ONE, NO_DATA));
        assertNull(p.rejection(SENDER, LISTED.toUpperCase().replace("0X", "0x"), BigInteger.ZERO, NO_DATA));
    }

    @Test
    void valueOrListEitherSelects() {
        SelectionPolicy p = SelectionPolicy.from(config(Optional.of(List.of(LISTED)), ONE_ETH));
        assertNull(p.rejection(SENDER, TARGET, ONE_ETH, NO_DATA), "large enough, not listed");
        assertNull(p.rejection(LISTED, TARGET, BigInteger.valueOf(5), NO_DATA), "listed, too small");
        assertEquals("not selected: it carries 1 wei, under the minimum 1000000000000000000 (only ETH counts, not a "
                + "bridged token's amount), and no party to it is on the address list",
                p.rejection(SENDER, TARGET, BigInteger.ONE, NO_DATA), "neither");
        // a prefix of a listed address is not the address
        assertNotNull(p.rejection(SENDER, LISTED.substring(0, 41), BigInteger.ONE, NO_DATA));
    }

    @Test
    void configuredAddressesAreTrimmed() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of("  " + LISTED + " ")), ONE_ETH);
        assertNull(p.rejection(LISTED, TARGET, BigInteger.ONE, NO_DATA));
    }

    @Test
    void aMessagesPartiesAreItsL2SenderAndL1Target() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of(LISTED)), ONE_ETH);
        byte[] fromListed = relay(LISTED, TARGET, BigInteger.ZERO, new byte[] {1, 2, 3});
        byte[] toListed = relay(SENDER, LISTED, BigInteger.ZERO, new byte[] {1, 2, 3});
        assertNull(p.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, BigInteger.ZERO, fromListed));
        assertNull(p.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, BigInteger.ZERO, toListed));
        assertNotNull(p.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, BigInteger.ZERO,
                relay(SENDER, TARGET, BigInteger.ZERO, new byte[] {1, 2, 3})));
        // the same calldata from anyone but the L2 messenger is no message: only its own sender and target count
        assertNotNull(p.rejection(SENDER, TARGET, BigInteger.ZERO, fromListed));
    }

    @Test
    void anEthTransferThroughTheBridgeCountsItsValue() {
        SelectionPolicy defaults = new SelectionPolicy(Optional.empty(), DEFAULT_MIN);
        BigInteger amount = DEFAULT_MIN.multiply(BigInteger.TWO);
        byte[] data = relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, amount,
                bytes(BRIDGE.finalizeBridgeETH(SENDER, TARGET, amount, new byte[0], amount).encodeFunctionCall()));
        // the withdrawal carries the transferred ETH itself
        assertNull(defaults.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, amount, data));
    }

    @Test
    void aTokenTransferIsSelectedOnlyWhenTheListNamesItsSenderOrRecipient() {
        String l1Token = "0x00000000000000000000000000000000000c0001";
        String l2Token = "0x00000000000000000000000000000000000c0002";
        BigInteger thousandTokens = BigInteger.TEN.pow(21);
        byte[] toListed = tokenTransfer(l1Token, l2Token, SENDER, LISTED, thousandTokens);
        byte[] fromListed = tokenTransfer(l1Token, l2Token, LISTED, TARGET, thousandTokens);
        byte[] unlisted = tokenTransfer(l1Token, l2Token, SENDER, TARGET, thousandTokens);
        SelectionPolicy defaults = new SelectionPolicy(Optional.empty(), DEFAULT_MIN);
        assertNotNull(defaults.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, BigInteger.ZERO, toListed),
                "no ETH in it: under the minimum");
        SelectionPolicy listing = new SelectionPolicy(Optional.of(List.of(LISTED)), DEFAULT_MIN);
        assertNull(listing.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, BigInteger.ZERO, toListed));
        assertNull(listing.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, BigInteger.ZERO, fromListed));
        assertNotNull(listing.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, BigInteger.ZERO, unlisted));
        SelectionPolicy listingTheToken = new SelectionPolicy(Optional.of(List.of(l1Token, l2Token)), DEFAULT_MIN);
        assertNotNull(listingTheToken.rejection(Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER, BigInteger.ZERO,
                unlisted), "a token is no party");
    }

    @Test
    void rejectionsAreRecognisedAsPolicySkipsByTheStatusRules() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of(LISTED)), ONE_ETH);
        for (String rejection : List.of(p.rejection(SENDER, TARGET, BigInteger.ONE, NO_DATA),
                new SelectionPolicy(Optional.empty(), ONE_ETH).rejection(SENDER, TARGET, BigInteger.ONE, NO_DATA))) {
            StatusRules.Decision d = StatusRules.decide(io.opwb.storage.WithdrawalStatus.READY_TO_PROVE, null, null,
                    rejection, BigInteger.ONE, 1, List.of(), null, StatusRulesTest.ctx(10_000, Optional.empty()));
            assertEquals(io.opwb.storage.WithdrawalStatus.SKIPPED, d.status());
            assertEquals(io.opwb.storage.ReasonCode.NOT_SELECTED, d.code());
            assertEquals(rejection, d.reason());
            assertEquals(true, d.code().isPolicySkip());
        }
    }

    private static byte[] tokenTransfer(String l1Token, String l2Token, String from, String to, BigInteger amount) {
        return relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, BigInteger.ZERO,
                bytes(BRIDGE.finalizeBridgeERC20(l1Token, l2Token, from, to, amount, new byte[0]).encodeFunctionCall()));
    }

    private static byte[] relay(String sender, String target, BigInteger value, byte[] message) {
        return bytes(MESSENGER.relayMessage(BigInteger.valueOf(7), sender, target, value, BigInteger.valueOf(200_000),
                message, value).encodeFunctionCall());
    }

    private static byte[] bytes(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }

    static SelectionConfig config(Optional<List<String>> addresses, BigInteger min) {
        return new SelectionConfig() {
            public Optional<List<String>> addresses() {
                return addresses;
            }

            public BigInteger minValueWei() {
                return min;
            }
        };
    }
}
