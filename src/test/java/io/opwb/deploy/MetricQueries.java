package io.opwb.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PromQL queries (of the dashboard and the alerts) against the metrics the service exports: every
 * {@code opwb_} and {@code ft_} series a query names must exist, and an aggregation over a metric that
 * carries a {@code chain} label must keep it ({@code sum by (chain, …)}): summed across chains, one
 * chain's stuck pipeline hides behind another's progress.
 */
final class MetricQueries {

    static final Pattern SERIES = Pattern.compile("\\b((?:opwb|ft)_[a-zA-Z0-9_]+)\\b");
    /** An aggregation operator, with its {@code by} clause if it is written before the operand. */
    static final Pattern AGGREGATION = Pattern.compile(
            "\\b(sum|max|min|avg|count|stddev|stdvar|group|topk|bottomk|quantile)\\s*(?:by\\s*\\(([^)]*)\\))?\\s*\\(");

    private MetricQueries() {
    }

    /** The series names a query uses. */
    static Set<String> series(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = SERIES.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The exported metric a series name belongs to. */
    static Optional<ExportedMetrics.Metric> metricOf(String series, Map<String, ExportedMetrics.Metric> metrics) {
        return metrics.values().stream().filter(m -> m.series().contains(series)).findFirst();
    }

    /** What is wrong with one query (empty: fine). */
    static List<String> check(String where, String expr, Map<String, ExportedMetrics.Metric> metrics) {
        List<String> problems = new ArrayList<>();
        boolean perChain = false;
        for (String series : series(expr)) {
            Optional<ExportedMetrics.Metric> metric = metricOf(series, metrics);
            if (metric.isEmpty()) {
                problems.add(where + " queries " + series + ", which the service does not export (" + expr + ")");
            } else {
                perChain |= metric.get().labels().contains("chain");
            }
        }
        if (perChain) {
            Matcher m = AGGREGATION.matcher(expr);
            while (m.find()) {
                String by = m.group(2) == null ? "" : m.group(2);
                if (!List.of(by.split("\\s*,\\s*")).stream().map(String::strip).toList().contains("chain")) {
                    problems.add(where + " aggregates across chains: " + m.group(1) + (by.isEmpty() ? "" : " by (" + by + ")")
                            + " without chain (" + expr + ")");
                }
            }
        }
        return problems;
    }
}
