package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class FeeSanityPolicyTest {

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final FeeSanityPolicy DEFAULTS = new FeeSanityPolicy(10, 20, GWEI);

    private static BigInteger gwei(long n) {
        return GWEI.multiply(BigInteger.valueOf(n));
    }

    private static List<BigInteger> flat(int blocks, BigInteger fee) {
        return Collections.nCopies(blocks, fee);
    }

    @Test
    void feesInLineWithTheRecentBlocksAreBelieved() {
        assertTrue(DEFAULTS.judge(flat(20, gwei(30)), gwei(33), gwei(2)).believed());
        assertTrue(DEFAULTS.judge(flat(20, gwei(30)), gwei(300), gwei(2)).believed(), "ten times: the limit itself");
    }

    @Test
    void aBaseFeeJumpIsNotBelieved() {
        var verdict = DEFAULTS.judge(flat(20, gwei(20)), gwei(2_000), gwei(1));
        assertFalse(verdict.believed());
        assertEquals(FeeRefusal.BASE_FEE_JUMP, verdict.doubt());
        assertEquals("the node's next base fee 2000000000000 wei is over 10 times the recent base fee 20000000000 wei "
                + "(the lower median of 20 blocks); believed once it has lasted half as many blocks, or has fallen",
                verdict.reason());
    }

    @Test
    void aTipJumpIsNotBelieved() {
        var verdict = DEFAULTS.judge(flat(20, gwei(20)), gwei(21), gwei(500));
        assertEquals(FeeRefusal.TIP_JUMP, verdict.doubt());
        assertTrue(verdict.reason().startsWith("the node's suggested tip 500000000000 wei is over 10 times"),
                verdict.reason());
    }

    @Test
    void onAQuietChainTheFloorKeepsSmallJumpsBelieved() {
        List<BigInteger> quiet = flat(20, BigInteger.valueOf(7)); // an empty chain's base fee: 7 wei
        assertTrue(DEFAULTS.judge(quiet, gwei(5), gwei(1)).believed(), "5 gwei is under 10 times the 1 gwei floor");
        var spike = DEFAULTS.judge(quiet, gwei(80), gwei(1));
        assertEquals(FeeRefusal.BASE_FEE_JUMP, spike.doubt(), "the devnet demo's spike: 80 gwei out of nothing");
        assertTrue(spike.reason().contains("7 wei (the lower median of 20 blocks, counted as 1000000000)"),
                spike.reason());
        assertTrue(DEFAULTS.judge(List.of(), gwei(10), gwei(1)).believed(), "no history: the floor alone");
    }

    @Test
    void aRealChainsSteepestRiseIsAlwaysBelieved() {
        // Every block full: the base fee rises by an eighth a block, the most EIP-1559 allows.
        List<BigInteger> rising = new ArrayList<>();
        BigInteger fee = gwei(20);
        for (int i = 0; i < 20; i++) {
            rising.add(fee);
            fee = fee.add(fee.divide(BigInteger.valueOf(8)));
        }
        assertTrue(DEFAULTS.judge(rising, fee, gwei(2)).believed(), "next " + fee);
        assertTrue(FeeSanityPolicy.realChainJump(20) < 3.7 && FeeSanityPolicy.realChainJump(20) > 3.6);
    }

    @Test
    void aJumpIsBelievedOnceItHasLastedHalfTheWindow() {
        List<BigInteger> window = new ArrayList<>(flat(20, gwei(1)));
        int blocksAtTheNewLevel = 0;
        while (!DEFAULTS.judge(window, gwei(100), gwei(1)).believed()) {
            window.remove(0);
            window.add(gwei(100));
            blocksAtTheNewLevel++;
        }
        assertEquals(11, blocksAtTheNewLevel, "more than half of the 20 blocks");
    }

    @Test
    void theLowerMedianIgnoresTheHigherHalf() {
        assertEquals(BigInteger.TWO, FeeSanityPolicy.lowerMedian(List.of(BigInteger.valueOf(9), BigInteger.ONE,
                BigInteger.TWO, BigInteger.valueOf(1_000))));
        assertEquals(BigInteger.TWO, FeeSanityPolicy.lowerMedian(List.of(BigInteger.valueOf(9), BigInteger.ONE,
                BigInteger.TWO)));
    }

    @Test
    void refusesAJumpARealChainCouldMake() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FeeSanityPolicy(10, 40, GWEI));
        assertEquals("over 40 blocks a real chain's base fee can reach 11.9 times their lower median: a max jump of 10 "
                + "would doubt it", e.getMessage());
        new FeeSanityPolicy(12, 40, GWEI);
        assertThrows(IllegalArgumentException.class, () -> new FeeSanityPolicy(10, 0, GWEI));
        assertThrows(IllegalArgumentException.class, () -> new FeeSanityPolicy(10, 20, BigInteger.ZERO));
    }
}
