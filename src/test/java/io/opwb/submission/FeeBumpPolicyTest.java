package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FeeBumpPolicyTest {

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    private static BigInteger gwei(long n) {
        return GWEI.multiply(BigInteger.valueOf(n));
    }

    @Test
    void raisesBothFeesByAtLeastThePercentRoundedUp() {
        FeeBumpPolicy policy = new FeeBumpPolicy(10, Optional.empty());
        assertEquals(BigInteger.valueOf(11), policy.raised(BigInteger.TEN));
        assertEquals(BigInteger.valueOf(2), policy.raised(BigInteger.ONE), "at least one wei more");
        assertEquals(BigInteger.valueOf(13), policy.raised(BigInteger.valueOf(11)), "11 * 1.1 = 12.1, rounded up to 13");
        var bump = policy.bump(gwei(20), gwei(2), gwei(1), gwei(1));
        assertTrue(bump.possible());
        assertEquals(gwei(22), bump.maxFeePerGas());
        assertEquals(new BigInteger("2200000000"), bump.maxPriorityFeePerGas());
    }

    @Test
    void paysWhatTheMarketAsksWhenThatIsMore() {
        var bump = new FeeBumpPolicy(12, Optional.empty()).bump(gwei(3), gwei(1), gwei(100), gwei(2));
        assertEquals(gwei(2), bump.maxPriorityFeePerGas(), "the node's suggestion beats +12 %");
        assertEquals(gwei(202), bump.maxFeePerGas(), "twice the base fee plus the tip");
    }

    @Test
    void theCapLimitsOrPreventsAReplacement() {
        FeeBumpPolicy capped = new FeeBumpPolicy(10, Optional.of(gwei(50)));
        var limited = capped.bump(gwei(20), gwei(2), gwei(30), gwei(1));
        assertTrue(limited.possible());
        assertEquals(gwei(50), limited.maxFeePerGas(), "capped");
        var impossible = capped.bump(gwei(48), gwei(2), gwei(40), gwei(1));
        assertFalse(impossible.possible(), "48 * 1.1 is over the cap");
        assertTrue(impossible.refusal().contains("cap"));
        assertFalse(capped.bump(gwei(20), gwei(2), gwei(50), gwei(1)).possible(), "the base fee alone reaches the cap");
    }

    @Test
    void refusesBumpsNodesWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> new FeeBumpPolicy(9, Optional.empty()));
    }
}
