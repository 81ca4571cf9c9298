package io.opwb.batching;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Fee-aware scheduling, pure: whether a batch whose window has closed is sent now or waits for a
 * cheaper block. It is sent when the base fee is at or under the ceiling, or at or under the
 * configured percentile of recent base fees, or when its oldest item is within the urgency margin
 * of its deadline. With neither a ceiling nor a percentile configured it is always sent.
 */
public final class FeeSchedule {

    /** Send or wait, and why. */
    public record Decision(boolean send, String reason) {
    }

    private final Optional<BigInteger> ceiling;
    private final Optional<Integer> percentile;
    private final Duration deadline;
    private final Duration urgency;

    public FeeSchedule(Optional<BigInteger> ceiling, Optional<Integer> percentile, Duration deadline, Duration urgency) {
        percentile.ifPresent(p -> {
            if (p < 1 || p > 100) {
                throw new IllegalArgumentException("base-fee percentile must be between 1 and 100");
            }
        });
        if (urgency.compareTo(deadline) > 0 || urgency.isNegative()) {
            throw new IllegalArgumentException("urgency must be between 0 and the deadline");
        }
        this.ceiling = ceiling;
        this.percentile = percentile;
        this.deadline = deadline;
        this.urgency = urgency;
    }

    public static FeeSchedule from(FeeConfig config) {
        return new FeeSchedule(config.baseFeeCeilingWei(), config.baseFeePercentile(), config.deadline(),
                config.urgency());
    }

    /** Whether the schedule needs recent base fees at all. */
    public boolean needsHistory() {
        return percentile.isPresent();
    }

    /**
     * @param baseFee the base fee the next block is expected to have
     * @param recentBaseFees base fees of recent blocks (may be empty when no percentile is set)
     * @param oldestReadySince when the batch's oldest item became ready
     */
    public Decision decide(BigInteger baseFee, List<BigInteger> recentBaseFees, Instant oldestReadySince, Instant now) {
        if (ceiling.isEmpty() && percentile.isEmpty()) {
            return new Decision(true, "no fee limit configured");
        }
        if (ceiling.isPresent() && baseFee.compareTo(ceiling.get()) <= 0) {
            return new Decision(true, "base fee " + baseFee + " at or under the ceiling " + ceiling.get());
        }
        if (percentile.isPresent() && !recentBaseFees.isEmpty()) {
            BigInteger threshold = percentile(recentBaseFees, percentile.get());
            if (baseFee.compareTo(threshold) <= 0) {
                return new Decision(true, "base fee " + baseFee + " at or under the " + percentile.get()
                        + "th percentile " + threshold + " of the last " + recentBaseFees.size() + " blocks");
            }
        }
        Instant sendBy = oldestReadySince.plus(deadline).minus(urgency);
        if (!now.isBefore(sendBy)) {
            return new Decision(true, "deadline near: the oldest item has been ready since " + oldestReadySince);
        }
        return new Decision(false, "base fee " + baseFee + " too high; waiting until " + sendBy + " at the latest");
    }

    /** The nearest-rank percentile. */
    static BigInteger percentile(List<BigInteger> values, int p) {
        List<BigInteger> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
