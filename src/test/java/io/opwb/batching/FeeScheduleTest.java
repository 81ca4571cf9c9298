package io.opwb.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FeeScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    private static BigInteger gwei(long n) {
        return GWEI.multiply(BigInteger.valueOf(n));
    }

    private static FeeSchedule schedule(Long ceilingGwei, Integer percentile) {
        return new FeeSchedule(Optional.ofNullable(ceilingGwei).map(FeeScheduleTest::gwei), Optional.ofNullable(percentile),
                Duration.ofHours(24), Duration.ofHours(1));
    }

    @Test
    void withoutLimitsAlwaysSends() {
        assertTrue(schedule(null, null).decide(gwei(500), List.of(), NOW, NOW).send());
    }

    @Test
    void ceilingIsInclusive() {
        FeeSchedule s = schedule(20L, null);
        assertTrue(s.decide(gwei(20), List.of(), NOW, NOW).send());
        FeeSchedule.Decision wait = s.decide(gwei(20).add(BigInteger.ONE), List.of(), NOW, NOW);
        assertFalse(wait.send());
        assertTrue(wait.reason().contains("too high"), wait.reason());
    }

    @Test
    void percentileOfRecentBlocks() {
        FeeSchedule s = schedule(null, 50);
        List<BigInteger> recent = List.of(gwei(10), gwei(30), gwei(20), gwei(40));
        assertEquals(gwei(20), FeeSchedule.percentile(recent, 50));
        assertEquals(gwei(40), FeeSchedule.percentile(recent, 100));
        assertEquals(gwei(10), FeeSchedule.percentile(recent, 1));
        assertTrue(s.decide(gwei(20), recent, NOW, NOW).send());
        assertFalse(s.decide(gwei(21), recent, NOW, NOW).send());
    }

    @Test
    void sendsRegardlessWhenTheDeadlineIsNear() {
        FeeSchedule s = schedule(20L, null);
        Instant ready = NOW.minus(Duration.ofHours(23));
        FeeSchedule.Decision urgent = s.decide(gwei(900), List.of(), ready, NOW);
        assertTrue(urgent.send());
        assertTrue(urgent.reason().startsWith("deadline near"), urgent.reason());
        assertFalse(s.decide(gwei(900), List.of(), ready.plusSeconds(1), NOW).send(), "one second earlier it waits");
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> schedule(null, 0));
        assertThrows(IllegalArgumentException.class, () -> schedule(null, 101));
        assertThrows(IllegalArgumentException.class, () -> new FeeSchedule(Optional.empty(), Optional.empty(),
                Duration.ofHours(1), Duration.ofHours(2)));
    }
}
