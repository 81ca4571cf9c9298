package io.opwb.batching;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The batch windowing policy, pure. Items are taken oldest first. A batch is submitted when it
 * reaches the size limit, when one more item would exceed the gas budget, or when its oldest item
 * has waited the maximum age; otherwise the window stays open.
 */
public final class BatchWindow {

    /** One item that is ready: since when, and the gas it may need at most. */
    public record Candidate<T>(T item, Instant readySince, long gas) {
    }

    /** Submit these items now (empty when the window stays open), and why. */
    public record Decision<T>(List<T> items, String reason) {
        public boolean submit() {
            return !items.isEmpty();
        }
    }

    private final int maxItems;
    private final Duration maxAge;
    private final long gasBudget;

    public BatchWindow(int maxItems, Duration maxAge, long gasBudget) {
        if (maxItems < 1 || gasBudget < 1 || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxItems and gasBudget must be positive, maxAge not negative");
        }
        this.maxItems = maxItems;
        this.maxAge = maxAge;
        this.gasBudget = gasBudget;
    }

    public static BatchWindow from(BatchingConfig config) {
        return new BatchWindow(config.maxItems(), config.maxAge(), config.gasBudget());
    }

    /**
     * @param baseGas gas of the batch transaction itself, before any item
     */
    public <T> Decision<T> decide(List<Candidate<T>> candidates, long baseGas, Instant now) {
        List<Candidate<T>> oldestFirst = new ArrayList<>(candidates);
        oldestFirst.sort(Comparator.comparing(Candidate::readySince));
        List<T> batch = new ArrayList<>();
        Instant oldestIncluded = null;
        long gas = baseGas;
        boolean budgetReached = false;
        for (Candidate<T> c : oldestFirst) {
            if (batch.size() == maxItems) {
                break;
            }
            if (baseGas + c.gas() > gasBudget) {
                continue; // can never fit: the status rules' business; it neither blocks nor closes the window
            }
            if (gas + c.gas() > gasBudget) {
                budgetReached = true;
                break;
            }
            batch.add(c.item());
            oldestIncluded = oldestIncluded == null ? c.readySince() : oldestIncluded;
            gas += c.gas();
        }
        if (batch.isEmpty()) {
            return new Decision<>(List.of(), "nothing ready");
        }
        if (batch.size() == maxItems) {
            return new Decision<>(batch, "size " + maxItems + " reached");
        }
        if (budgetReached) {
            return new Decision<>(batch, "gas budget " + gasBudget + " reached at " + batch.size() + " items");
        }
        Duration waited = Duration.between(oldestIncluded, now);
        if (waited.compareTo(maxAge) >= 0) {
            return new Decision<>(batch, "oldest item waited " + waited.toSeconds() + " s");
        }
        return new Decision<>(List.of(), "window open: " + batch.size() + " items, oldest waited "
                + waited.toSeconds() + " s of " + maxAge.toSeconds());
    }
}
