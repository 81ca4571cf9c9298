package io.opwb.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JSON-RPC proxy on loopback that misbehaves on purpose: of every request it forwards to the
 * real node, a share gets a 429, a 503, or a dropped connection, and every request is delayed a
 * little. For tests of fault tolerance; it serves only while open.
 */
public final class FaultyRpcProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI target;
    private final double faultShare;
    private final SplittableRandom random = new SplittableRandom(7);
    private final AtomicInteger faults = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();

    public FaultyRpcProxy(String targetUrl, double faultShare) throws IOException {
        this.target = URI.create(targetUrl);
        this.faultShare = faultShare;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int faults() {
        return faults.get();
    }

    public int forwarded() {
        return forwarded.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        sleep(5 + (long) (roll * 20)); // latency
        if (roll < faultShare / 3) {
            faults.incrementAndGet();
            reply(exchange, 429, "{\"error\":\"too many requests\"}");
            return;
        }
        if (roll < 2 * faultShare / 3) {
            faults.incrementAndGet();
            reply(exchange, 503, "service unavailable");
            return;
        }
        if (roll < faultShare) {
            faults.incrementAndGet();
            exchange.close(); // the connection drops without an answer
            return;
        }
        try {
            HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
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
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
