package io.opwb.chain;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.web3j.protocol.exceptions.ClientConnectionException;

import okhttp3.OkHttpClient;

/**
 * The nodes of one chain (its rpc-url may list several, comma-separated). A call goes to the
 * current node; a transient fault moves the current node on, so that the retry goes to the next
 * one (failover), and calls stay there while it answers. Every failure is classified here, where it
 * arises. One attempt only: retries, timeouts and the breaker are {@link ChainRpc}'s.
 */
public final class RpcNodes implements Closeable {

    private static final Logger LOG = Logger.getLogger(RpcNodes.class);

    private static final okhttp3.MediaType JSON = okhttp3.MediaType.get("application/json; charset=utf-8");

    /**
     * One node's HTTP endpoint. Our own call rather than web3j's {@code HttpService}, which reads
     * every answer whole before anything can bound it.
     */
    private static final class Node {
        final String url;
        final String redacted;
        final OkHttpClient http;

        Node(String url, OkHttpClient http) {
            this.url = url;
            this.http = http;
            this.redacted = redact(url);
        }

        /** The answer, read up to {@code max} + 1 bytes (a longer one is cut there: the caller refuses it). */
        byte[] call(String payload, int max) throws IOException {
            okhttp3.Request request = new okhttp3.Request.Builder().url(url)
                    .post(okhttp3.RequestBody.create(payload, JSON)).build();
            try (okhttp3.Response response = http.newCall(request).execute()) {
                okhttp3.ResponseBody body = response.body();
                if (!response.isSuccessful()) {
                    // as web3j words it, which the error classification reads (429, 5xx)
                    String text = body == null ? "N/A" : new String(body.byteStream().readNBytes(1_000),
                            java.nio.charset.StandardCharsets.UTF_8);
                    throw new ClientConnectionException("Invalid response received: " + response.code() + "; " + text);
                }
                if (body == null) {
                    throw new IOException("an answer without a body");
                }
                if (body.contentLength() > max) {
                    return new byte[max + 1]; // told in advance: not read at all
                }
                try (InputStream in = body.byteStream()) {
                    return in.readNBytes(max + 1);
                }
            }
        }
    }

    /** {@code opwb.rpc.max-answer-bytes}'s default, for clients made outside CDI. */
    public static final int DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final List<Node> nodes;
    private final AtomicInteger current = new AtomicInteger();
    private final int maxAnswerBytes;

    public RpcNodes(String rpcUrls, OkHttpClient http) {
        this(rpcUrls, http, DEFAULT_MAX_ANSWER_BYTES);
    }

    /** @param maxAnswerBytes a longer answer is a fault of the call, read no further than that */
    public RpcNodes(String rpcUrls, OkHttpClient http, int maxAnswerBytes) {
        if (maxAnswerBytes < 1) {
            throw new IllegalArgumentException("max answer bytes must be at least 1");
        }
        this.maxAnswerBytes = maxAnswerBytes;
        this.nodes = urls(rpcUrls).stream().map(u -> new Node(u, http)).toList();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one RPC URL");
        }
    }

    static List<String> urls(String rpcUrls) {
        return java.util.Arrays.stream(rpcUrls.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    /** One attempt at the current node. */
    public InputStream send(String payload) throws RpcException {
        int index = current.get();
        Node node = nodes.get(Math.floorMod(index, nodes.size()));
        // The whole answer is read here: a connection that drops or stalls mid-answer is a fault of
        // this attempt (web3j would otherwise read the stream later, outside any retry). Chain data
        // is a stranger's: an answer is read up to a bound, so that memory follows bytes, not whatever
        // a range of logs or a node happens to hold (the indexer asks for a shorter range then).
        try {
            byte[] bytes = node.call(payload, maxAnswerBytes);
            if (bytes.length > maxAnswerBytes) {
                throw new RpcException(RpcErrorKind.NODE_ERROR, node.redacted + ": an answer longer than "
                        + maxAnswerBytes + " bytes (opwb.rpc.max-answer-bytes) to " + method(payload), null);
            }
            return new ByteArrayInputStream(bytes);
        } catch (RpcException tooLong) {
            throw tooLong;
        } catch (IOException | ClientConnectionException e) {
            // web3j reports a non-2xx answer (429, 5xx) as a ClientConnectionException.
            RpcException fault = RpcException.of(node.redacted, e);
            if (fault.kind().isTransient() && nodes.size() > 1 && current.compareAndSet(index, index + 1)) {
                LOG.debugf("RPC node %s: %s; next call to %s", node.redacted, fault.kind(),
                        nodes.get(Math.floorMod(index + 1, nodes.size())).redacted);
            }
            throw fault;
        }
    }

    /** The method a JSON-RPC request calls, for messages (never its parameters). */
    static String method(String payload) {
        java.util.regex.Matcher m = METHOD.matcher(payload);
        return m.find() ? m.group(1) : "a call";
    }

    private static final java.util.regex.Pattern METHOD = java.util.regex.Pattern.compile("\"method\"\\s*:\\s*\"([A-Za-z0-9_]{1,64})\"");

    /** RPC URLs often carry API keys in their path or query: log the host only. */
    static String redact(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (RuntimeException e) {
            return "(unparsable URL)";
        }
    }

    /** Nothing of its own to release: the HTTP client is shared and closes with its owner. */
    @Override
    public void close() throws IOException {
    }
}
