package io.opwb.indexing;

/**
 * How many blocks the next eth_getLogs asks for: halve when the node refuses a range (too many
 * results, timeout) or when a range brought more than {@code maxLogs} logs, double again after a
 * range with less than half of that, within [1, max].
 */
public record BlockRangePolicy(int max, int maxLogs) {

    public BlockRangePolicy {
        if (max < 1 || maxLogs < 1) {
            throw new IllegalArgumentException("max range and max logs must be at least 1");
        }
    }

    public int afterRefusal(int current) {
        return Math.max(1, Math.min(current, max) / 2);
    }

    /** After a range of {@code current} blocks that brought {@code logs} logs. */
    public int afterSuccess(int current, int logs) {
        if (logs > maxLogs) {
            return Math.max(1, Math.min(current, max) / 2);
        }
        if (logs > maxLogs / 2) {
            return Math.max(1, Math.min(current, max));
        }
        return (int) Math.min(max, Math.max(1L, (long) current * 2));
    }

    /** Whether a refusal at this size means the range cannot shrink any further. */
    public boolean exhausted(int current) {
        return current <= 1;
    }
}
