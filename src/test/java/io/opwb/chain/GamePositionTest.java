package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A super-root game's position from its claim: the single-chain preimage rebuilt, or the reason it cannot be. */
class GamePositionTest {

    private static final BigInteger CHAIN = BigInteger.valueOf(901);
    private static final byte[] OUR_ROOT = bytes(0x11);

    @Test
    void aSingleChainSuperRootIsRebuiltAndUsable() {
        byte[] claim = SuperRoot.ofOneChain(1_700_000_000L, CHAIN, OUR_ROOT).hash();
        GamePosition position = GamePosition.ofSuperRoot("type 5, SUPER_PERMISSIONED", 1_700_000_000L, CHAIN, OUR_ROOT, claim);
        assertTrue(position.usable(), position.unusableReason());
        assertTrue(position.superRoot());
        assertEquals(1_700_000_000L, position.superRootTimestamp());
        assertArrayEquals(OUR_ROOT, position.outputRoot());
        assertEquals(GamePosition.UNPLACED, position.l2Block(), "placed later, on our L2 node, by timestamp");
    }

    @Test
    void aSuperRootOverSeveralChainsIsUnusableWithTheReason() {
        byte[] claim = new SuperRoot(1_700_000_000L, List.of(new SuperRoot.OutputRootWithChainId(CHAIN, OUR_ROOT),
                new SuperRoot.OutputRootWithChainId(BigInteger.valueOf(902), bytes(0x22)))).hash();
        GamePosition position = GamePosition.ofSuperRoot("type 5, SUPER_PERMISSIONED", 1_700_000_000L, CHAIN, OUR_ROOT, claim);
        assertFalse(position.usable());
        assertTrue(position.unusableReason().contains("needs the other chains' output roots; not supported yet"),
                position.unusableReason());
    }

    @Test
    void anotherTimestampOrRootIsNotTheClaim() {
        byte[] claim = SuperRoot.ofOneChain(1_700_000_000L, CHAIN, OUR_ROOT).hash();
        assertFalse(GamePosition.ofSuperRoot("t", 1_700_000_001L, CHAIN, OUR_ROOT, claim).usable());
        assertFalse(GamePosition.ofSuperRoot("t", 1_700_000_000L, CHAIN, bytes(0x12), claim).usable());
        assertFalse(GamePosition.ofSuperRoot("t", 1_700_000_000L, BigInteger.valueOf(902), OUR_ROOT, claim).usable());
    }

    private static byte[] bytes(int value) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
