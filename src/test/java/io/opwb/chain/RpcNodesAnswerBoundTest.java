package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import okhttp3.OkHttpClient;

/** A node's answer is read up to {@code opwb.rpc.max-answer-bytes}: a longer one fails the call, read no further. */
class RpcNodesAnswerBoundTest {

    /** A node whose every answer is a JSON-RPC result of this many bytes, streamed. */
    private static final int ANSWER = 1_000_000;

    private HttpServer node;

    @BeforeEach
    void startNode() throws Exception {
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x";
            String tail = "\"}";
            exchange.sendResponseHeaders(200, 0); // chunked: no length told in advance
            try (var out = exchange.getResponseBody()) {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "ab".repeat(4096).getBytes(StandardCharsets.US_ASCII);
                int body = ANSWER - head.length() - tail.length();
                for (int sent = 0; sent < body; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, body - sent));
                }
                out.write(tail.getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closedByTheClient) {
                // the client stopped reading: what the bound is for
            }
        });
        node.start();
    }

    @AfterEach
    void stopNode() {
        node.stop(0);
    }

    private RpcNodes nodes(int maxAnswerBytes) {
        return new RpcNodes("http://127.0.0.1:" + node.getAddress().getPort(), new OkHttpClient(), maxAnswerBytes);
    }

    private static final String GET_LOGS = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":[{\"fromBlock\":\"0x0\"}]}";

    @Test
    void anAnswerWithinTheBoundIsReadWhole() throws Exception {
        try (RpcNodes nodes = nodes(ANSWER); InputStream answer = nodes.send(GET_LOGS)) {
            assertEquals(ANSWER, answer.readAllBytes().length);
        }
    }

    @Test
    void aLongerAnswerIsANodeErrorThatNamesTheMethodAndTheSetting() throws Exception {
        try (RpcNodes nodes = nodes(ANSWER - 1)) {
            RpcException e = assertThrows(RpcException.class, () -> nodes.send(GET_LOGS));
            assertEquals(RpcErrorKind.NODE_ERROR, e.kind());
            assertFalse(e.kind().isTransient(), "not retried: a node sends the same answer again");
            assertTrue(e.getMessage().contains("eth_getLogs"), e.getMessage());
            assertTrue(e.getMessage().contains("opwb.rpc.max-answer-bytes"), e.getMessage());
        }
    }

    @Test
    void theMethodIsTakenFromTheRequestAndNothingElse() {
        assertEquals("eth_call", RpcNodes.method("{\"method\": \"eth_call\",\"params\":[\"0xsecret\"]}"));
        assertEquals("a call", RpcNodes.method("[{\"id\":1}]"));
        assertEquals("a call", RpcNodes.method("{\"method\":\"" + "x".repeat(100) + "\"}"), "no long names echoed");
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> nodes(0));
    }
}
