package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class FeeBumpPolicyTest {

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    /** So high that only the rule under test limits. */
    private static final BigInteger NO_CAP = gwei(1_000_000);

    private static BigInteger gwei(long n) {
        return GWEI.multiply(BigInteger.valueOf(n));
    }

    /** A first replacement of an attempt whose max fee was {@code first}. */
    private static FeeBumpPolicy.Attempts firstReplacementOf(BigInteger first) {
        return new FeeBumpPolicy.Attempts(first, 0);
    }

    @Test
    void raisesBothFeesByAtLeastThePercentRoundedUp() {
        FeeBumpPolicy policy = new FeeBumpPolicy(10, NO_CAP, 10, 8);
        assertEquals(BigInteger.valueOf(11), policy.raised(BigInteger.TEN));
        assertEquals(BigInteger.valueOf(2), policy.raised(BigInteger.ONE), "at least one wei more");
        assertEquals(BigInteger.valueOf(13), policy.raised(BigInteger.valueOf(11)), "11 * 1.1 = 12.1, rounded up to 13");
        var bump = policy.bump(firstReplacementOf(gwei(20)), gwei(20), gwei(2), gwei(1), gwei(1));
        assertTrue(bump.possible());
        assertEquals(gwei(22), bump.maxFeePerGas());
        assertEquals(new BigInteger("2200000000"), bump.maxPriorityFeePerGas());
    }

    @Test
    void paysWhatTheMarketAsksWhenThatIsMore() {
        var bump = new FeeBumpPolicy(12, NO_CAP, 10, 100).bump(firstReplacementOf(gwei(3)), gwei(3), gwei(1), gwei(100),
                gwei(2));
        assertEquals(gwei(2), bump.maxPriorityFeePerGas(), "the node's suggestion beats +12 %");
        assertEquals(gwei(202), bump.maxFeePerGas(), "twice the base fee plus the tip");
    }

    @Test
    void theCapLimitsOrPreventsAReplacement() {
        FeeBumpPolicy capped = new FeeBumpPolicy(10, gwei(50), 10, 100);
        var limited = capped.bump(firstReplacementOf(gwei(20)), gwei(20), gwei(2), gwei(30), gwei(1));
        assertTrue(limited.possible());
        assertEquals(gwei(50), limited.maxFeePerGas(), "capped");
        var impossible = capped.bump(firstReplacementOf(gwei(48)), gwei(48), gwei(2), gwei(40), gwei(1));
        assertFalse(impossible.possible(), "48 * 1.1 is over the cap");
        assertEquals(FeeRefusal.OVER_CAP, impossible.refusal());
        assertTrue(impossible.reason().contains("the cap 50000000000 wei"), impossible.reason());
        assertEquals(FeeRefusal.OVER_CAP, capped.bump(firstReplacementOf(gwei(20)), gwei(20), gwei(2), gwei(50), gwei(1))
                .refusal(), "the base fee alone reaches the cap");
        assertEquals(FeeRefusal.TIP_CANNOT_RISE, capped.bump(firstReplacementOf(gwei(40)), gwei(40), gwei(4), gwei(46),
                gwei(1)).refusal(), "under the cap only 4 gwei are left for the tip: not 10 % more than 4");
    }

    @Test
    void aNonceIsReplacedOnlySoManyTimes() {
        FeeBumpPolicy policy = new FeeBumpPolicy(12, NO_CAP, 3, 100);
        assertTrue(policy.bump(new FeeBumpPolicy.Attempts(gwei(10), 2), gwei(13), gwei(1), gwei(1), gwei(1)).possible(),
                "the third replacement");
        var fourth = policy.bump(new FeeBumpPolicy.Attempts(gwei(10), 3), gwei(14), gwei(1), gwei(1), gwei(1));
        assertFalse(fourth.possible());
        assertEquals(FeeRefusal.MAX_REPLACEMENTS, fourth.refusal());
        assertEquals("replaced 3 times already, the most allowed", fourth.reason());
        assertEquals(FeeRefusal.MAX_REPLACEMENTS, new FeeBumpPolicy(12, NO_CAP, 0, 100)
                .bump(firstReplacementOf(gwei(10)), gwei(10), gwei(1), gwei(1), gwei(1)).refusal(), "0: never replaced");
    }

    @Test
    void replacementsStayUnderAMultipleOfTheFirstAttemptsFee() {
        FeeBumpPolicy policy = new FeeBumpPolicy(12, gwei(200), 10, 4);
        // first attempt 10 gwei: replacements offer at most 40 gwei, whatever the market asks
        var limited = policy.bump(new FeeBumpPolicy.Attempts(gwei(10), 2), gwei(25), gwei(2), gwei(30), gwei(2));
        assertTrue(limited.possible());
        assertEquals(gwei(40), limited.maxFeePerGas(), "2 * 30 + 2.24 asked; 4 * 10 allowed");
        assertEquals(new BigInteger("2240000000"), limited.maxPriorityFeePerGas());
        var refused = policy.bump(new FeeBumpPolicy.Attempts(gwei(10), 3), gwei(40), gwei(2), gwei(30), gwei(2));
        assertEquals(FeeRefusal.MAX_FEE_MULTIPLE, refused.refusal(), "40 * 1.12 is over 4 times the first 10 gwei");
        assertTrue(refused.reason().contains("4 times the first attempt's max fee (40000000000 wei)"), refused.reason());
        // the cap, when lower than the multiple, is what limits
        var capped = new FeeBumpPolicy(12, gwei(30), 10, 4).bump(new FeeBumpPolicy.Attempts(gwei(10), 1), gwei(28),
                gwei(2), gwei(20), gwei(2));
        assertEquals(FeeRefusal.OVER_CAP, capped.refusal());
    }

    @Test
    void aFirstAttemptOffersTwiceTheBaseFeePlusTheTipUnderTheCap() {
        FeeBumpPolicy policy = new FeeBumpPolicy(12, gwei(200), 10, 8);
        var quiet = policy.firstAttempt(gwei(10), gwei(1));
        assertEquals(gwei(21), quiet.maxFeePerGas());
        assertEquals(gwei(1), quiet.maxPriorityFeePerGas());
        var high = policy.firstAttempt(gwei(120), gwei(2));
        assertEquals(gwei(200), high.maxFeePerGas(), "capped");
        assertEquals(gwei(2), high.maxPriorityFeePerGas());
        var squeezed = policy.firstAttempt(gwei(199), gwei(2));
        assertEquals(gwei(1), squeezed.maxPriorityFeePerGas(), "the tip is what the cap leaves over the base fee");
    }

    @Test
    void nothingIsOfferedWhenTheBaseFeeAloneReachesTheCap() {
        var refused = new FeeBumpPolicy(12, gwei(200), 10, 8).firstAttempt(gwei(200), gwei(1));
        assertFalse(refused.possible());
        assertEquals(FeeRefusal.OVER_CAP, refused.refusal());
        assertEquals("the next base fee 200000000000 wei alone reaches the cap 200000000000 wei per gas: a transaction "
                + "could not be mined", refused.reason());
    }

    @Test
    void theDevnetDemosFeeSpikeStaysUnderTheDefaultCap() {
        // DevnetActors spikes the base fee to 80 gwei; anvil suggests a 1 gwei tip
        var spike = new FeeBumpPolicy(12, gwei(200), 10, 8).firstAttempt(gwei(80), gwei(1));
        assertEquals(gwei(161), spike.maxFeePerGas());
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new FeeBumpPolicy(9, NO_CAP, 10, 8),
                "nodes refuse bumps under 10 %");
        assertThrows(IllegalArgumentException.class, () -> new FeeBumpPolicy(12, BigInteger.ZERO, 10, 8));
        assertThrows(IllegalArgumentException.class, () -> new FeeBumpPolicy(12, NO_CAP, -1, 8));
        assertThrows(IllegalArgumentException.class, () -> new FeeBumpPolicy(12, NO_CAP, 10, 0));
    }
}
