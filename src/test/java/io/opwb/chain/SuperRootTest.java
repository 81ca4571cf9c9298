package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.chain.SuperRoot.OutputRootWithChainId;

/** The version-1 super root preimage and hash; the expected values were computed with js-sha3, not with our code. */
class SuperRootTest {

    static final byte[] ROOT_A = filled(0x11);
    static final byte[] ROOT_B = filled(0x22);

    @Test
    void twoChainsEncodeAsVersionTimestampAndSortedEntries() {
        SuperRoot superRoot = new SuperRoot(1_738_584_514L, List.of(
                new OutputRootWithChainId(BigInteger.TEN, ROOT_A),
                new OutputRootWithChainId(BigInteger.valueOf(8453), ROOT_B)));

        assertEquals("0x01" + "0000000067a0b1c2"
                + "000000000000000000000000000000000000000000000000000000000000000a" + "11".repeat(32)
                + "0000000000000000000000000000000000000000000000000000000000002105" + "22".repeat(32),
                Numeric.toHexString(superRoot.preimage()));
        assertEquals("0x6f358ebf0b0d9fd38986152c77a6cb55f1e24de73889af46bba34d9bbbfa6a7c",
                Numeric.toHexString(superRoot.hash()));
        assertEquals(1, superRoot.indexOf(BigInteger.valueOf(8453)));
        assertEquals(-1, superRoot.indexOf(BigInteger.ONE));
    }

    @Test
    void aSingleChainSuperRoot() {
        SuperRoot superRoot = SuperRoot.ofOneChain(100, BigInteger.valueOf(901), filled(0xab));

        assertEquals(1 + 8 + 64, superRoot.preimage().length);
        assertEquals("0x1b754ca3aa06b926bb46216d727535ec6e9228919c7336bd0522b11ae953e024",
                Numeric.toHexString(superRoot.hash()));
        assertEquals(0, superRoot.indexOf(BigInteger.valueOf(901)));
    }

    @Test
    void refusesWhatNoPartyWouldBuildTheSameWay() {
        var a = new OutputRootWithChainId(BigInteger.TEN, ROOT_A);
        var b = new OutputRootWithChainId(BigInteger.valueOf(8453), ROOT_B);
        var aAgain = new OutputRootWithChainId(BigInteger.TEN, ROOT_B);

        assertMessage("not in ascending order", () -> new SuperRoot(1, List.of(b, a)));
        assertMessage("appears twice", () -> new SuperRoot(1, List.of(a, aAgain)));
        assertMessage("at least one output root", () -> new SuperRoot(1, List.of()));
        assertMessage("never negative", () -> new SuperRoot(-1, List.of(a)));
        assertMessage("32 bytes", () -> new OutputRootWithChainId(BigInteger.ONE, new byte[31]));
        assertMessage("uint256", () -> new OutputRootWithChainId(BigInteger.ONE.negate(), ROOT_A));
        assertMessage("uint256", () -> new OutputRootWithChainId(BigInteger.ONE.shiftLeft(256), ROOT_A));
    }

    @Test
    void itsRootsCannotBeChangedFromOutside() {
        byte[] root = filled(0x33);
        SuperRoot superRoot = SuperRoot.ofOneChain(5, BigInteger.ONE, root);
        byte[] before = superRoot.hash();
        root[0] = 0;
        superRoot.outputRoots().get(0).root()[0] = 0;
        assertArrayEquals(before, superRoot.hash());
    }

    static void assertMessage(String part, Runnable construction) {
        var e = assertThrows(IllegalArgumentException.class, construction::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
