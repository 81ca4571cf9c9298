package io.opwb.indexing;

/**
 * How many blocks the next eth_getLogs asks for: halve when the node refuses a range (too many
 * results, a timeout, an answer over the byte bound) or when a range brought more than
 * {@code maxLogs} logs or {@code maxBytes} bytes, double again after a range with less than half
 * of both, within [1, max].
 */
public record BlockRangePolicy(int max, int maxLogs, long maxBytes) {

    public BlockRangePolicy {
        if (max < 1 || maxLogs < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("max range, max logs and max bytes must be at least 1");
        }
    }

    /** No bound on bytes. */
    public BlockRangePolicy(int max, int maxLogs) {
        this(max, maxLogs, Long.MAX_VALUE);
    }

    public int afterRefusal(int current) {
        return Math.max(1, Math.min(current, max) / 2);
    }

    /** After a range of {@code current} blocks that brought {@code logs} logs. */
    public int afterSuccess(int current, int logs) {
        return afterSuccess(current, logs, 0);
    }

    /** After a range of {@code current} blocks that brought {@code logs} logs of about {@code bytes} bytes. */
    public int afterSuccess(int current, int logs, long bytes) {
        if (logs > maxLogs || bytes > maxBytes) {
            return Math.max(1, Math.min(current, max) / 2);
        }
        if (logs > maxLogs / 2 || bytes > maxBytes / 2) {
            return Math.max(1, Math.min(current, max));
        }
        return (int) Math.min(max, Math.max(1L, (long) current * 2));
    }

    /** Whether a refusal at this size means the range cannot shrink any further. */
    public boolean exhausted(int current) {
        return current <= 1;
    }
}
