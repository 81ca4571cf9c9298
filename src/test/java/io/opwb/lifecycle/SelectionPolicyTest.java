package io.opwb.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The selection rule: address list (sender or target) and minimum value. */
class SelectionPolicyTest {

    static final String SENDER = "0x1111111111111111111111111111111111111111";
    static final String TARGET = "0x2222222222222222222222222222222222222222";
    static final String LISTED = "0xAbCdEf0000000000000000000000000000001234";
    static final String NOT_ON_LIST = "not selected: neither sender nor target is on the address list";
    static final BigInteger ONE_ETH = new BigInteger("1000000000000000000");

    @Test
    void withNothingConfiguredEverythingIsSelected() {
        SelectionPolicy all = new SelectionPolicy(Optional.empty(), Optional.empty());
        assertNull(all.rejection(SENDER, TARGET, BigInteger.ZERO));
        assertNull(all.rejection(SENDER, TARGET, new BigInteger("115792089237316195423570985008687907853269984665640564039457584007913129639935")));
    }

    @Test
    void fromConfigWithNothingSetSelectsAll() {
        SelectionPolicy all = SelectionPolicy.from(config(Optional.empty(), Optional.empty()));
        assertNull(all.rejection(SENDER, TARGET, BigInteger.ONE));
    }

    @Test
    void theAddressListMatchesTheSenderCaseInsensitively() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of(LISTED)), Optional.empty());
        assertNull(p.rejection(LISTED.toLowerCase(), TARGET, BigInteger.ONE));
        assertNull(p.rejection("0xABCDEF0000000000000000000000000000001234", TARGET, BigInteger.ONE));
    }

    @Test
    void theAddressListMatchesTheTargetCaseInsensitively() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of(LISTED.toLowerCase())), Optional.empty());
        assertNull(p.rejection(SENDER, LISTED, BigInteger.ONE));
        assertNull(p.rejection(SENDER, LISTED.toUpperCase().replace("0X", "0x"), BigInteger.ONE));
    }

    @Test
    void theAddressListRejectsWhenNeitherMatches() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of(LISTED, TARGET)), Optional.empty());
        assertEquals(NOT_ON_LIST, p.rejection(SENDER, "0x3333333333333333333333333333333333333333", BigInteger.ONE));
        // a prefix of a listed address is not the address
        assertEquals(NOT_ON_LIST, p.rejection(SENDER, LISTED.substring(0, 41), BigInteger.ONE));
        assertNull(p.rejection(SENDER, TARGET, BigInteger.ONE));
    }

    @Test
    void configuredAddressesAreTrimmed() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of("  " + LISTED + " ")), Optional.empty());
        assertNull(p.rejection(LISTED, TARGET, BigInteger.ONE));
    }

    @Test
    void theMinimumValueIsInclusive() {
        SelectionPolicy p = new SelectionPolicy(Optional.empty(), Optional.of(ONE_ETH));
        assertNull(p.rejection(SENDER, TARGET, ONE_ETH));
        assertNull(p.rejection(SENDER, TARGET, ONE_ETH.add(BigInteger.ONE)));
        assertEquals("not selected: value 999999999999999999 wei is below the minimum 1000000000000000000",
                p.rejection(SENDER, TARGET, ONE_ETH.subtract(BigInteger.ONE)));
        assertEquals("not selected: value 0 wei is below the minimum 1000000000000000000",
                p.rejection(SENDER, TARGET, BigInteger.ZERO));
    }

    @Test
    void bothRulesMustHold() {
        SelectionPolicy p = SelectionPolicy.from(config(Optional.of(List.of(LISTED)), Optional.of(ONE_ETH)));
        assertNull(p.rejection(LISTED, TARGET, ONE_ETH));
        assertNull(p.rejection(SENDER, LISTED, ONE_ETH));
        // listed but too small
        assertEquals("not selected: value 5 wei is below the minimum 1000000000000000000",
                p.rejection(LISTED, TARGET, BigInteger.valueOf(5)));
        // large enough but not listed
        assertEquals(NOT_ON_LIST, p.rejection(SENDER, TARGET, ONE_ETH.multiply(BigInteger.TEN)));
        // neither: the address rule is reported
        assertEquals(NOT_ON_LIST, p.rejection(SENDER, TARGET, BigInteger.ONE));
    }

    @Test
    void rejectionsAreRecognisedAsPolicySkipsByTheStatusRules() {
        SelectionPolicy p = new SelectionPolicy(Optional.of(List.of(LISTED)), Optional.of(ONE_ETH));
        assertEquals(true, StatusRules.isPolicySkip(p.rejection(SENDER, TARGET, ONE_ETH)));
        assertEquals(true, StatusRules.isPolicySkip(p.rejection(LISTED, TARGET, BigInteger.ONE)));
    }

    static SelectionConfig config(Optional<List<String>> addresses, Optional<BigInteger> min) {
        return new SelectionConfig() {
            public Optional<List<String>> addresses() {
                return addresses;
            }

            public Optional<BigInteger> minValueWei() {
                return min;
            }
        };
    }
}
