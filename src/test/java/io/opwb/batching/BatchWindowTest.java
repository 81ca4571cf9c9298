package io.opwb.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.opwb.batching.BatchWindow.Candidate;
import io.opwb.batching.BatchWindow.Decision;
import io.smallrye.config.WithDefault;

/** The batch windowing policy: size, gas budget, age, and waiting otherwise. */
class BatchWindowTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static Candidate<String> item(String name, Duration waited, long gas) {
        return new Candidate<>(name, NOW.minus(waited), gas);
    }

    @Test
    void submitsAtMaxSizeTakingTheOldestFirst() {
        BatchWindow window = new BatchWindow(3, MAX_AGE, 1_000_000);
        // deliberately not in age order; none has waited maxAge
        List<Candidate<String>> candidates = List.of(
                item("c", Duration.ofSeconds(30), 10),
                item("e", Duration.ofSeconds(10), 10),
                item("a", Duration.ofSeconds(50), 10),
                item("d", Duration.ofSeconds(20), 10),
                item("b", Duration.ofSeconds(40), 10));

        Decision<String> d = window.decide(candidates, 0, NOW);

        assertTrue(d.submit());
        assertEquals(List.of("a", "b", "c"), d.items());
        assertEquals("size 3 reached", d.reason());
    }

    @Test
    void exactlyMaxSizeItemsSubmitNowOneFewerWaits() {
        BatchWindow window = new BatchWindow(2, MAX_AGE, 1_000_000);
        Decision<String> full = window.decide(List.of(item("a", Duration.ofSeconds(2), 1),
                item("b", Duration.ofSeconds(1), 1)), 0, NOW);
        assertEquals(List.of("a", "b"), full.items());
        assertEquals("size 2 reached", full.reason());

        Decision<String> one = window.decide(List.of(item("a", Duration.ofSeconds(2), 1)), 0, NOW);
        assertFalse(one.submit());
        assertEquals(List.of(), one.items());
    }

    @Test
    void submitsWhenTheNextItemWouldExceedTheGasBudgetWithOnlyWhatFits() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 1_000);
        // base 100 + 3 x 300 = 1000 (exactly the budget: fits); the fourth would make 1300
        List<Candidate<String>> candidates = List.of(
                item("d", Duration.ofSeconds(1), 300),
                item("a", Duration.ofSeconds(4), 300),
                item("c", Duration.ofSeconds(2), 300),
                item("b", Duration.ofSeconds(3), 300));

        Decision<String> d = window.decide(candidates, 100, NOW);

        assertEquals(List.of("a", "b", "c"), d.items());
        assertEquals("gas budget 1000 reached at 3 items", d.reason());
    }

    @Test
    void gasBudgetKeepsAgeOrderAndDoesNotSkipAheadToASmallerItem() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 1_000);
        // a (500) fits, b (600) does not; c (100) would fit but is newer than b: the batch stops at b
        Decision<String> d = window.decide(List.of(item("a", Duration.ofSeconds(3), 500),
                item("b", Duration.ofSeconds(2), 600), item("c", Duration.ofSeconds(1), 100)), 0, NOW);
        assertEquals(List.of("a"), d.items());
        assertEquals("gas budget 1000 reached at 1 items", d.reason());
    }

    @Test
    void submitsWhenTheOldestItemWaitedExactlyMaxAge() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 1_000_000);
        Decision<String> d = window.decide(List.of(item("new", Duration.ofSeconds(1), 10),
                item("old", MAX_AGE, 10)), 0, NOW);
        assertEquals(List.of("old", "new"), d.items());
        assertEquals("oldest item waited 300 s", d.reason());
    }

    @Test
    void waitsWhenTheOldestItemIsOneMillisecondShortOfMaxAge() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 1_000_000);
        Decision<String> d = window.decide(List.of(item("new", Duration.ofSeconds(1), 10),
                item("old", MAX_AGE.minusMillis(1), 10)), 0, NOW);
        assertFalse(d.submit());
        assertEquals(List.of(), d.items());
        assertEquals("window open: 2 items, oldest waited 299 s of 300", d.reason());
    }

    @Test
    void zeroMaxAgeSubmitsImmediately() {
        BatchWindow window = new BatchWindow(50, Duration.ZERO, 1_000_000);
        Decision<String> d = window.decide(List.of(item("a", Duration.ZERO, 10)), 0, NOW);
        assertEquals(List.of("a"), d.items());
        assertEquals("oldest item waited 0 s", d.reason());
    }

    @Test
    void anItemThatAloneExceedsTheBudgetDoesNotBlockTheOthers() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 1_000);
        // the oldest item can never fit; the others have waited maxAge and must go
        Decision<String> d = window.decide(List.of(
                item("huge", Duration.ofMinutes(10), 5_000),
                item("a", Duration.ofMinutes(6), 100),
                item("b", Duration.ofMinutes(5), 100)), 0, NOW);
        assertEquals(List.of("a", "b"), d.items());
        assertFalse(d.items().contains("huge"));
    }

    @Test
    void anItemThatAloneExceedsTheBudgetAndNothingElseIsNothingToSubmit() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 1_000);
        Decision<String> d = window.decide(List.of(item("huge", Duration.ofHours(1), 1_001)), 0, NOW);
        assertFalse(d.submit());
        assertEquals("nothing ready", d.reason());
    }

    @Test
    void anOversizedItemInTheMiddleDoesNotCutOffNewerItemsThatFit() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 1_000);
        Decision<String> d = window.decide(List.of(
                item("a", Duration.ofMinutes(7), 100),
                item("huge", Duration.ofMinutes(6), 5_000),
                item("b", Duration.ofMinutes(5), 100)), 0, NOW);
        // actual: [a], "gas budget 1000 reached at 1 items"
        assertEquals(List.of("a", "b"), d.items());
    }

    @Test
    void anOversizedItemDoesNotForceAnEarlySubmission() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 1_000);
        Decision<String> d = window.decide(List.of(
                item("huge", Duration.ofSeconds(20), 5_000),
                item("a", Duration.ofSeconds(10), 100)), 0, NOW);
        // actual: submit [a], "gas budget 1000 reached at 1 items", although a waited 10 s of 300
        assertFalse(d.submit(), d.reason());
        assertTrue(d.reason().startsWith("window open: 1 items"), d.reason());
    }

    @Test
    void emptyInputIsNothingReady() {
        BatchWindow window = new BatchWindow(50, MAX_AGE, 15_000_000);
        Decision<String> d = window.decide(List.of(), 120_000, NOW);
        assertFalse(d.submit());
        assertEquals(List.of(), d.items());
        assertEquals("nothing ready", d.reason());
    }

    @Test
    void doesNotReorderTheCallersList() {
        BatchWindow window = new BatchWindow(1, MAX_AGE, 1_000);
        List<Candidate<String>> candidates = new ArrayList<>(List.of(item("b", Duration.ofSeconds(1), 1),
                item("a", Duration.ofSeconds(2), 1)));
        assertEquals(List.of("a"), window.decide(candidates, 0, NOW).items());
        assertEquals("b", candidates.get(0).item());
    }

    @Test
    void constructorRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new BatchWindow(0, MAX_AGE, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchWindow(-1, MAX_AGE, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchWindow(1, MAX_AGE, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchWindow(1, MAX_AGE, -5));
        assertThrows(IllegalArgumentException.class, () -> new BatchWindow(1, Duration.ofMillis(-1), 1));
        // the smallest valid values
        new BatchWindow(1, Duration.ZERO, 1);
    }

    @Test
    void documentedDefaultsAre50Items5MinutesAnd15MillionGasUnderThe2To24Cap() throws Exception {
        assertEquals("50", defaultOf("maxItems"));
        assertEquals("5m", defaultOf("maxAge"));
        assertEquals("15000000", defaultOf("gasBudget"));
        assertTrue(15_000_000L < (1L << 24));
        assertEquals("128000", defaultOf("maxCalldataBytes"));
        assertTrue(128_000 + 3_000 < 128 * 1024, "room for the envelope and the signature under geth's txMaxSize");

        BatchingConfig defaults = new BatchingConfig() {
            public int maxItems() {
                return 50;
            }

            public Duration maxAge() {
                return Duration.ofMinutes(5);
            }

            public long gasBudget() {
                return 15_000_000;
            }

            public int maxCalldataBytes() {
                return 128_000;
            }
        };
        BatchWindow window = BatchWindow.from(defaults);
        List<Candidate<String>> fifty = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            fifty.add(item("w" + i, Duration.ofSeconds(100 - i), 1_000));
        }
        Decision<String> d = window.decide(fifty, 120_000, NOW);
        assertEquals(50, d.items().size());
        assertEquals("w0", d.items().get(0));
        assertEquals("w49", d.items().get(49));
        assertEquals("size 50 reached", d.reason());

        Decision<String> young = window.decide(List.of(item("x", Duration.ofSeconds(299), 1_000)), 120_000, NOW);
        assertFalse(young.submit());
        Decision<String> old = window.decide(List.of(item("x", Duration.ofSeconds(300), 1_000)), 120_000, NOW);
        assertTrue(old.submit());
    }

    private static String defaultOf(String method) throws NoSuchMethodException {
        Method m = BatchingConfig.class.getMethod(method);
        return m.getAnnotation(WithDefault.class).value();
    }
}
