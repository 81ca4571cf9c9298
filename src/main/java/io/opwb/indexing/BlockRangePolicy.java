package io.opwb.indexing;

/**
 * How many blocks the next eth_getLogs asks for: halve when the node refuses a range (too many
 * results, timeout), double again after a success, within [1, max].
 */
public record BlockRangePolicy(int max) {

    public BlockRangePolicy {
        if (max < 1) {
            throw new IllegalArgumentException("max range must be at least 1");
        }
    }

    public int afterRefusal(int current) {
        return Math.max(1, Math.min(current, max) / 2);
    }

    public int afterSuccess(int current) {
        return (int) Math.min(max, Math.max(1L, (long) current * 2));
    }

    /** Whether a refusal at this size means the range cannot shrink any further. */
    public boolean exhausted(int current) {
        return current <= 1;
    }
}
