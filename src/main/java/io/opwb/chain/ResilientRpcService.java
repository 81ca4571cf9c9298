package io.opwb.chain;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;
import org.web3j.protocol.Service;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;

import okhttp3.OkHttpClient;

/**
 * JSON-RPC over HTTP to one or more nodes of a chain. A transient fault (rate limit, timeout, node
 * unreachable or 5xx) is retried with exponential backoff and jitter, moving to the next node;
 * a node that keeps failing is left alone for a while (circuit breaker). Faults that are not
 * transient (a revert, a node's error answer) come back at once.
 */
public final class ResilientRpcService extends Service {

    private static final Logger LOG = Logger.getLogger(ResilientRpcService.class);

    /** A web3j HTTP transport that lets us call its raw I/O. */
    private static final class Endpoint extends HttpService {
        final String url;
        int consecutiveFailures;
        long openUntil;

        Endpoint(String url, OkHttpClient http) {
            super(url, http);
            this.url = url;
        }

        InputStream io(String payload) throws IOException {
            return performIO(payload);
        }
    }

    private final List<Endpoint> endpoints = new ArrayList<>();
    private final int maxAttempts;
    private final long baseDelayMillis;
    private final long maxDelayMillis;
    private int current;

    public ResilientRpcService(List<String> urls, OkHttpClient http, int maxAttempts, long baseDelayMillis,
            long maxDelayMillis) {
        super(false);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one RPC URL");
        }
        urls.forEach(u -> endpoints.add(new Endpoint(u.trim(), http)));
        this.maxAttempts = maxAttempts;
        this.baseDelayMillis = baseDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    protected InputStream performIO(String payload) throws IOException {
        RpcException last = null;
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Endpoint endpoint = pick();
            try {
                InputStream answer = endpoint.io(payload);
                synchronized (this) {
                    endpoint.consecutiveFailures = 0;
                }
                return answer;
            } catch (IOException | ClientConnectionException e) {
                // web3j reports a non-2xx answer (429, 5xx) as a ClientConnectionException.
                RpcErrorKind kind = RpcErrorKind.of(e);
                last = new RpcException(kind, redact(endpoint.url) + ": " + e.getMessage(), e);
                if (!kind.isTransient()) {
                    throw last;
                }
                failed(endpoint);
                backoff(attempt);
            }
        }
        throw last;
    }

    /** The current node, unless its breaker is open and another's is not. */
    private synchronized Endpoint pick() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get((current + i) % endpoints.size());
            if (e.openUntil <= now) {
                current = (current + i) % endpoints.size();
                return e;
            }
        }
        return endpoints.get(current); // all open: try anyway
    }

    private synchronized void failed(Endpoint endpoint) {
        endpoint.consecutiveFailures++;
        if (endpoint.consecutiveFailures >= 5) {
            endpoint.openUntil = System.currentTimeMillis() + 10_000;
            endpoint.consecutiveFailures = 0;
            LOG.warnf("RPC node %s failed 5 times in a row: left alone for 10 s", redact(endpoint.url));
        }
        current = (current + 1) % endpoints.size();
    }

    private void backoff(int attempt) throws IOException {
        long delay = Math.min(maxDelayMillis, baseDelayMillis << Math.min(attempt, 20));
        long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while backing off");
        }
    }

    /** RPC URLs often carry API keys in their path or query: log the host only. */
    static String redact(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (RuntimeException e) {
            return "(unparsable URL)";
        }
    }

    @Override
    public void close() throws IOException {
        for (Endpoint e : endpoints) {
            e.close();
        }
    }

    /** A JSON-RPC transport failure, classified. */
    public static final class RpcException extends IOException {
        private final RpcErrorKind kind;

        RpcException(RpcErrorKind kind, String message, Throwable cause) {
            super(kind + ": " + message, cause);
            this.kind = kind;
        }

        public RpcErrorKind kind() {
            return kind;
        }
    }
}
