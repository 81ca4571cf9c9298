package io.opwb.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JSON-RPC proxy on loopback that misbehaves on purpose: of every request it forwards to the
 * real node, a share gets a 429, a 503, or a dropped connection, and every request is delayed a
 * little. Given a hold time it also injects timeouts and latency: a timed-out request is forwarded
 * (the node does the work: a transaction sent is in its pool) and its answer held for that long,
 * then dropped; some other requests are slowed down a few hundred milliseconds. For tests of fault
 * tolerance; it serves only while open.
 */
public final class FaultyRpcProxy implements AutoCloseable {

    /** What the proxy did to a request instead of answering it promptly. */
    public enum Fault {
        RATE_LIMITED, UNAVAILABLE, DROPPED, TIMED_OUT, SLOWED,
        /** HTTP 200 with a JSON-RPC error of the node's own ("header not found"), for the methods chosen. */
        NODE_ERROR
    }

    private static final double SLOWED_SHARE = 0.1;

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final double faultShare;
    private final long holdMillis;
    private final SplittableRandom random = new SplittableRandom(7);
    private final Map<Fault, AtomicInteger> counts = new EnumMap<>(Fault.class);
    private final AtomicInteger forwarded = new AtomicInteger();
    private final Map<String, AtomicInteger> answersToLose = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.Set<String> nodeErrorMethods = java.util.Set.of();
    private volatile double nodeErrorShare;

    /** 429s, 503s and dropped connections, {@code faultShare} of the requests in all. */
    public FaultyRpcProxy(String targetUrl, double faultShare) throws IOException {
        this(targetUrl, faultShare, Duration.ZERO);
    }

    /**
     * Also timeouts (answers held for {@code hold}: make it longer than the client's timeout) and
     * latency; the four kinds of fault share {@code faultShare} equally.
     */
    public FaultyRpcProxy(String targetUrl, double faultShare, Duration hold) throws IOException {
        this.target = URI.create(targetUrl);
        this.faultShare = faultShare;
        this.holdMillis = hold.toMillis();
        for (Fault f : Fault.values()) {
            counts.put(f, new AtomicInteger());
        }
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // Held answers occupy a thread each: no fixed pool, or they would stall the others.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faulty-rpc-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    /**
     * The answers to the next {@code count} calls of a JSON-RPC method are lost, as in a timeout
     * (needs a hold time): e.g. {@code eth_sendRawTransaction}, to see that a send retried after the
     * node took it does no harm.
     */
    public FaultyRpcProxy nodeErrors(java.util.Set<String> methods, double share) {
        this.nodeErrorMethods = methods;
        this.nodeErrorShare = share;
        return this;
    }

    public FaultyRpcProxy loseAnswers(String method, int count) {
        answersToLose.put(method, new AtomicInteger(count));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests that got a fault (slowed ones not counted: they are answered). */
    public int faults() {
        return faults(Fault.RATE_LIMITED) + faults(Fault.UNAVAILABLE) + faults(Fault.DROPPED) + faults(Fault.TIMED_OUT);
    }

    public int faults(Fault kind) {
        return counts.get(kind).get();
    }

    public int forwarded() {
        return forwarded.get();
    }

    @Override
    public String toString() {
        return "proxy to " + target + ": " + forwarded() + " forwarded, faults " + counts;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        double roll;
        double slow;
        synchronized (random) {
            roll = random.nextDouble();
            slow = random.nextDouble();
        }
        sleep(5 + (long) (roll * 20)); // latency
        Fault fault = loseThisAnswer(body) ? Fault.TIMED_OUT : fault(roll);
        if (fault != null) {
            counts.get(fault).incrementAndGet();
        }
        String nodeError = fault == null ? nodeError(body) : null;
        if (nodeError != null) {
            counts.get(Fault.NODE_ERROR).incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply(exchange, 200, nodeError);
            return;
        }
        if (fault == Fault.RATE_LIMITED) {
            reply(exchange, 429, "{\"error\":\"too many requests\"}");
            return;
        }
        if (fault == Fault.UNAVAILABLE) {
            reply(exchange, 503, "service unavailable");
            return;
        }
        if (fault == Fault.DROPPED) {
            exchange.close(); // the connection drops without an answer
            return;
        }
        if (fault == null && holdMillis > 0 && slow < SLOWED_SHARE) {
            counts.get(Fault.SLOWED).incrementAndGet();
            sleep(50 + (long) (slow / SLOWED_SHARE * 200)); // within the client's timeout
        }
        try {
            HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
            if (fault == Fault.TIMED_OUT) {
                sleep(holdMillis); // the node has done it; the client never hears of it
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    /** A node's own error for a chosen method (a share of them), answered as the node would; else null. */
    private String nodeError(byte[] body) {
        if (nodeErrorMethods.isEmpty()) {
            return null;
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        var method = java.util.regex.Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
        if (!method.find() || !nodeErrorMethods.contains(method.group(1)) || text.trim().startsWith("[")) {
            return null;
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll >= nodeErrorShare) {
            return null;
        }
        var id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|[0-9]+)").matcher(text);
        String message = roll < nodeErrorShare / 2 ? "header not found" : "request timed out";
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (id.find() ? id.group(1) : "null")
                + ",\"error\":{\"code\":-32000,\"message\":\"" + message + "\"}}";
    }

    private boolean loseThisAnswer(byte[] body) {
        if (holdMillis == 0 || answersToLose.isEmpty()) {
            return false;
        }
        var method = java.util.regex.Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        AtomicInteger left = method.find() ? answersToLose.get(method.group(1)) : null;
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private Fault fault(double roll) {
        Fault[] kinds = holdMillis > 0
                ? new Fault[] { Fault.RATE_LIMITED, Fault.UNAVAILABLE, Fault.DROPPED, Fault.TIMED_OUT }
                : new Fault[] { Fault.RATE_LIMITED, Fault.UNAVAILABLE, Fault.DROPPED };
        if (roll >= faultShare) {
            return null;
        }
        return kinds[(int) (roll / faultShare * kinds.length)];
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
