package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * Readiness looks at every node of a failover list: one answering node on the right chain makes a
 * chain ready, none makes it not ready, and a node on another chain is never acceptable. Nodes are
 * small JSON-RPC servers here; a closed port is a node that is down.
 */
class ChainProbeTest {

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void theFirstNodeDownAndTheSecondUpIsReady() throws IOException {
        NodeProbes nodes = new NodeProbes(closedPort() + "," + node(900));
        ChainProbe.Answer answer = ChainProbe.probe(nodes, 900);
        assertTrue(answer.up(), answer.data());
        assertTrue(answer.data().startsWith("chain 900, head 7 (node 2 of 2); node 1 unreachable"), answer.data());
    }

    @Test
    void everyNodeDownIsNotReady() throws IOException {
        NodeProbes nodes = new NodeProbes(closedPort() + "," + closedPort());
        ChainProbe.Answer answer = ChainProbe.probe(nodes, 900);
        assertFalse(answer.up());
        assertTrue(answer.data().startsWith("unreachable: every node: node 1 unreachable"), answer.data());
    }

    @Test
    void aNodeOnAnotherChainIsNotReadyEvenBesideAGoodOne() throws IOException {
        NodeProbes nodes = new NodeProbes(node(900) + "," + node(1));
        ChainProbe.Answer answer = ChainProbe.probe(nodes, 900);
        assertFalse(answer.up());
        assertEquals("chain id 1, expected 900 (node 2 of 2)", answer.data());
    }

    @Test
    void oneGoodNodeAloneSaysSoPlainly() throws IOException {
        ChainProbe.Answer answer = ChainProbe.probe(new NodeProbes(node(901)), 901);
        assertTrue(answer.up());
        assertEquals("chain 901, head 7", answer.data());
    }

    @Test
    void anAnswerIsKeptForItsTimeThenAskedAgain() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();
        var cache = new ChainHealthCheck.CachedAnswer<Integer>(Duration.ofMillis(200));
        assertEquals(1, cache.get(asked::incrementAndGet));
        assertEquals(1, cache.get(asked::incrementAndGet), "kept");
        Thread.sleep(250);
        assertEquals(2, cache.get(asked::incrementAndGet), "asked again after its time");
    }

    /** A JSON-RPC node of {@code chainId} at head 7. */
    private String node(long chainId) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = request.replaceAll("(?s).*\"id\"\\s*:\\s*([0-9]+).*", "$1");
            String result = request.contains("eth_chainId") ? "0x" + Long.toHexString(chainId) : "0x7";
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"" + result + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
