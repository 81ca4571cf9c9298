package io.opwb.it;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A query plan's shape: its nodes, the indexes they use, their conditions and sort keys, with what
 * {@code EXPLAIN ANALYZE} measured (times, rows, buffers, memory) and every literal or parameter taken
 * out. Two plans of the same statement at different table sizes (or for different keys) have the
 * same shape when PostgreSQL chose the same way to run it.
 */
final class PlanShape {

    /** Lines that only {@code ANALYZE} prints: what a run measured, not what was planned. */
    private static final Pattern MEASURED = Pattern.compile("^(Buffers|Planning|Execution|I/O Timings|Heap Fetches"
            + "|Heap Blocks|Rows Removed|Sort Method|Batches|Hits|Worker|JIT|Functions|Options|Timing|Storage|Memory)"
            + ".*");

    private PlanShape() {
    }

    static String of(String plan) {
        return plan.lines()
                .map(l -> l.replaceAll("\\(actual[^)]*\\)", "").replace("(never executed)", "")
                        .replaceAll("'(?:[^']|'')*'(::[a-z ]+(\\[])?)?", "?").replaceAll("\\$\\d+", "?")
                        .replaceAll("\\b\\d+(\\.\\d+)?\\b", "?").stripTrailing())
                .filter(l -> !l.isBlank() && !MEASURED.matcher(l.strip()).matches())
                .collect(Collectors.joining("\n"));
    }
}
