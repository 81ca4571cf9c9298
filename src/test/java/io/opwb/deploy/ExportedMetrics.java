package io.opwb.deploy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheus.PrometheusNamingConvention;

/**
 * The metrics the service exports on /q/metrics, found where they are registered, so that a rename in
 * the code fails the checks of the dashboard and the alerts: the service's own meters from the
 * Micrometer registrations in its sources ({@code Counter.builder("opwb.…")}, {@code registry.gauge(
 * "opwb_…", Tags.of(…))}, a helper {@code counter("opwb.…", …)}), named as Micrometer's Prometheus
 * registry names them; and SmallRye Fault Tolerance's (the RPC circuit breakers) from its own
 * {@code MetricsConstants}. Many meters appear on /q/metrics only once a chain, a stage or a batch has
 * run, so a scrape of a freshly started service would not list them.
 */
public final class ExportedMetrics {

    /** A meter as Prometheus shows it: base name, type, labels, and whether it has buckets. */
    public record Metric(String name, Meter.Type type, Set<String> labels, boolean buckets) {
        /** The series names a query can use. */
        public Set<String> series() {
            return switch (type) {
            case TIMER, DISTRIBUTION_SUMMARY, LONG_TASK_TIMER -> buckets
                    ? Set.of(name + "_bucket", name + "_count", name + "_sum", name + "_max")
                    : Set.of(name + "_count", name + "_sum", name + "_max");
            default -> Set.of(name);
            };
        }
    }

    static final Pattern REGISTRATION = Pattern.compile("(?:\\b(Counter|Gauge|Timer|DistributionSummary|MultiGauge|FunctionCounter"
            + "|TimeGauge)\\.builder|(\\.?)\\b(counter|gauge|timer|summary))\\(\\s*\"(opwb[._][a-z0-9_.]*[a-z0-9])\"");
    static final Pattern TAG_CALL = Pattern.compile("(?:\\.tags?|Tags\\.of)\\(");
    static final Pattern LITERAL = Pattern.compile("\"([a-zA-Z_][a-zA-Z0-9_.]*)\"");
    static final Pattern BUCKETS = Pattern.compile("serviceLevelObjectives|publishPercentileHistogram|\\.sla\\(");

    private static final PrometheusNamingConvention NAMING = new PrometheusNamingConvention();

    private ExportedMetrics() {
    }

    /** Every metric the service exports, by Prometheus base name: its own, then the fault-tolerance ones. */
    public static Map<String, Metric> of(Path mainSources) throws IOException {
        Map<String, Metric> metrics = new TreeMap<>();
        try (Stream<Path> files = Files.walk(mainSources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                scan(Files.readString(file)).forEach(m -> metrics.merge(m.name(), m, ExportedMetrics::union));
            }
        }
        faultTolerance().forEach(m -> metrics.putIfAbsent(m.name(), m));
        return metrics;
    }

    /**
     * The meters one source file registers. Labels: those its registration names; a MultiGauge (whose
     * rows carry the tags) or a helper's meter gets every tag key the file names.
     */
    static List<Metric> scan(String source) {
        List<Metric> found = new ArrayList<>();
        Set<String> fileLabels = tagKeys(source);
        Matcher m = REGISTRATION.matcher(source);
        while (m.find()) {
            String builder = m.group(1);
            boolean helper = builder == null && m.group(2).isEmpty();
            Meter.Type type = type(builder != null ? builder : m.group(3));
            int end = builder != null ? source.indexOf(".register(", m.end()) : source.indexOf(';', m.end());
            String statement = source.substring(m.start(), end < 0 ? source.length() : end);
            Set<String> labels = "MultiGauge".equals(builder) || helper ? fileLabels : tagKeys(statement);
            boolean buckets = BUCKETS.matcher(statement).find();
            found.add(new Metric(NAMING.name(m.group(4), type, null), type, labels, buckets));
        }
        return found;
    }

    /** SmallRye Fault Tolerance's meters: counters end in .total, durations are timers, the rest gauges. */
    static List<Metric> faultTolerance() {
        List<Metric> found = new ArrayList<>();
        try {
            for (Field f : Class.forName("io.smallrye.faulttolerance.core.metrics.MetricsConstants").getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    String name = (String) f.get(null);
                    Meter.Type type = name.endsWith(".total") ? Meter.Type.COUNTER
                            : name.endsWith("Duration") ? Meter.Type.TIMER : Meter.Type.GAUGE;
                    found.add(new Metric(NAMING.name(name, type, null), type, Set.of("method"), type == Meter.Type.TIMER));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SmallRye Fault Tolerance's metric names are not where they were", e);
        }
        return found;
    }

    private static Meter.Type type(String call) {
        return switch (call) {
        case "Counter", "FunctionCounter", "counter" -> Meter.Type.COUNTER;
        case "Timer", "timer" -> Meter.Type.TIMER;
        case "DistributionSummary", "summary" -> Meter.Type.DISTRIBUTION_SUMMARY;
        default -> Meter.Type.GAUGE;
        };
    }

    /** The tag keys in {@code .tag("k", v)}, {@code .tags("k", v, "k2", v2)} and {@code Tags.of("k", v, …)}. */
    static Set<String> tagKeys(String text) {
        Set<String> keys = new TreeSet<>();
        Matcher call = TAG_CALL.matcher(text);
        while (call.find()) {
            List<String> args = arguments(text, call.end());
            for (int i = 0; i < args.size(); i += 2) {
                Matcher literal = LITERAL.matcher(args.get(i).strip());
                if (literal.matches()) {
                    keys.add(literal.group(1));
                }
            }
        }
        return keys;
    }

    /** The top-level arguments of the call whose argument list starts at {@code from} (after its parenthesis). */
    private static List<String> arguments(String text, int from) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < text.length() && depth >= 0; i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0 || (c == ',' && depth == 0)) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    private static Metric union(Metric a, Metric b) {
        Set<String> labels = new TreeSet<>(a.labels());
        labels.addAll(b.labels());
        return new Metric(a.name(), a.type(), labels, a.buckets() || b.buckets());
    }
}
