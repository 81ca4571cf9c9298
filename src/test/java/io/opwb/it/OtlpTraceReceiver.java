package io.opwb.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A STAND-IN for an OpenTelemetry collector (none can run on these machines): an OTLP/HTTP receiver on
 * 127.0.0.1 that takes {@code POST /v1/traces} ({@code http/protobuf}, uncompressed), decodes what a
 * test checks of each span, and answers as a collector does. Requests it cannot decode are answered
 * 400 and counted.
 */
final class OtlpTraceReceiver implements AutoCloseable {

    /** What a test checks of a received span; ids in lowercase hex, the parent's empty for a root. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
            Map<String, String> attributes, int statusCode) {

        /** OTLP's SpanKind and StatusCode numbers. */
        static final int SERVER = 2;
        static final int CLIENT = 3;
        static final int STATUS_ERROR = 2;
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private OtlpTraceReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpTraceReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OtlpTraceReceiver receiver = new OtlpTraceReceiver(server);
        server.createContext("/v1/traces", receiver::receive);
        server.start();
        return receiver;
    }

    /** The endpoint to configure ({@code quarkus.otel.exporter.otlp.endpoint}); the exporter adds /v1/traces. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment that switches a packaged service's exporter on, towards this receiver. */
    Map<String, String> exporterEnvironment() {
        return Map.of("QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                // sooner than the default 5 s, so that a replica killed soon after its work has sent its spans
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "500ms");
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    /** Waits until a span matching {@code wanted} has arrived. */
    boolean await(Predicate<ReceivedSpan> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (spans.stream().anyMatch(wanted)) {
                return true;
            }
            Thread.sleep(100);
        }
        return spans.stream().anyMatch(wanted);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] request = body.readAllBytes();
            int status = 200;
            try {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    throw new IllegalArgumentException("a " + exchange.getRequestMethod());
                }
                spans.addAll(exportRequest(request));
            } catch (RuntimeException e) {
                refused.add(e.toString());
                status = 400;
            }
            // An empty ExportTraceServiceResponse: everything accepted.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, -1);
        }
    }

    // ExportTraceServiceRequest{1: ResourceSpans{2: ScopeSpans{2: Span}}} (opentelemetry-proto, trace/v1)
    static List<ReceivedSpan> exportRequest(byte[] request) {
        List<ReceivedSpan> received = new ArrayList<>();
        for (Field resourceSpans : Field.all(request, 1)) {
            for (Field scopeSpans : Field.all(resourceSpans.bytes, 2)) {
                for (Field span : Field.all(scopeSpans.bytes, 2)) {
                    received.add(span(span.bytes));
                }
            }
        }
        return received;
    }

    // Span{1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes, 15 status{3 code}}
    private static ReceivedSpan span(byte[] span) {
        String traceId = "", spanId = "", parent = "", name = "";
        int kind = 0, status = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Field f : Field.all(span, -1)) {
            switch (f.number) {
                case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = f.text();
                case 6 -> kind = (int) f.value;
                case 9 -> attribute(f.bytes, attributes);
                case 15 -> status = Field.all(f.bytes, 3).stream().mapToInt(c -> (int) c.value).findFirst().orElse(0);
                default -> {
                }
            }
        }
        return new ReceivedSpan(traceId, spanId, parent, name, kind, attributes, status);
    }

    // KeyValue{1 key, 2 AnyValue{1 string, 2 bool, 3 int, 4 double, …}}
    private static void attribute(byte[] keyValue, Map<String, String> into) {
        String key = Field.all(keyValue, 1).get(0).text();
        for (Field value : Field.all(keyValue, 2)) {
            for (Field v : Field.all(value.bytes, -1)) {
                into.put(key, switch (v.number) {
                    case 1 -> v.text();
                    case 2 -> Boolean.toString(v.value != 0);
                    case 3 -> Long.toString(v.value);
                    case 4 -> Double.toString(Double.longBitsToDouble(v.value));
                    default -> "(an array or a map)";
                });
            }
        }
    }

    /** One field of a protobuf message: a number (varint, fixed64, fixed32) or bytes (length-delimited). */
    record Field(int number, long value, byte[] bytes) {

        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The fields numbered {@code number} of {@code message}, in order; all of them for -1. */
        static List<Field> all(byte[] message, int number) {
            List<Field> fields = new ArrayList<>();
            int[] at = { 0 };
            while (at[0] < message.length) {
                long tag = varint(message, at);
                int n = (int) (tag >>> 3);
                Field field = switch ((int) (tag & 7)) {
                    case 0 -> new Field(n, varint(message, at), null);
                    case 1 -> new Field(n, littleEndian(message, at, 8), null);
                    case 2 -> {
                        int length = Math.toIntExact(varint(message, at));
                        if (length < 0 || at[0] + length > message.length) {
                            throw new IllegalArgumentException("a field longer than its message");
                        }
                        byte[] bytes = java.util.Arrays.copyOfRange(message, at[0], at[0] + length);
                        at[0] += length;
                        yield new Field(n, 0, bytes);
                    }
                    case 5 -> new Field(n, littleEndian(message, at, 4), null);
                    default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " of field " + n);
                };
                if (number == -1 || n == number) {
                    fields.add(field);
                }
            }
            return fields;
        }

        private static long varint(byte[] message, int[] at) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at[0] >= message.length) {
                    throw new IllegalArgumentException("a varint cut short");
                }
                byte b = message[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("a varint longer than 10 bytes");
        }

        private static long littleEndian(byte[] message, int[] at, int size) {
            if (at[0] + size > message.length) {
                throw new IllegalArgumentException("a fixed field cut short");
            }
            long value = 0;
            for (int i = size - 1; i >= 0; i--) {
                value = value << 8 | (message[at[0] + i] & 0xff);
            }
            at[0] += size;
            return value;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
