package io.opwb.chain;

/** What went wrong with a JSON-RPC call, decided once where the error arises. */
public enum RpcErrorKind {
    RATE_LIMITED(true),
    TIMEOUT(true),
    UNAVAILABLE(true),
    REVERTED(false),
    NONCE_TOO_LOW(false),
    UNDERPRICED(false),
    ALREADY_KNOWN(false),
    NODE_ERROR(false);

    private final boolean transientFault;

    RpcErrorKind(boolean transientFault) {
        this.transientFault = transientFault;
    }

    /** Worth retrying, possibly against another node. */
    public boolean isTransient() {
        return transientFault;
    }

    /** Classifies a transport failure or a node's error message. */
    public static RpcErrorKind of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RpcException known) {
                return known.kind();
            }
            // Fault tolerance gave up on the node(s): an attempt timed out, or the chain's breaker is open.
            if (t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException) {
                return UNAVAILABLE;
            }
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.io.InterruptedIOException) {
                return TIMEOUT;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return UNAVAILABLE;
            }
        }
        return of(failure == null ? null : failure.getMessage());
    }

    /** A node's error answer (an HTTP 200 with an {@code error} member): its kind; null for a result. */
    static RpcErrorKind ofAnswer(byte[] answer) {
        // Most answers are results, some of megabytes (a range of logs): one without the word is
        // told by a pass over its bytes, without decoding it into a String for the pattern.
        if (!contains(answer, ERROR_KEY)) {
            return null;
        }
        java.util.regex.Matcher error = ERROR_MESSAGE.matcher(new String(answer, java.nio.charset.StandardCharsets.UTF_8));
        return error.find() ? of(error.group(1)) : null;
    }

    /** What {@link #ERROR_MESSAGE} cannot match without. */
    private static final byte[] ERROR_KEY = "\"error\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static boolean contains(byte[] bytes, byte[] word) {
        outer:
        for (int i = 0, last = bytes.length - word.length; i <= last; i++) {
            if (bytes[i] != word[0]) {
                continue;
            }
            for (int j = 1; j < word.length; j++) {
                if (bytes[i + j] != word[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static final java.util.regex.Pattern ERROR_MESSAGE = java.util.regex.Pattern.compile(
            "\"error\"\\s*:\\s*\\{[^}]*?\"message\"\\s*:\\s*\"([^\"]*)\"");

    public static RpcErrorKind of(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("429") || m.contains("rate limit") || m.contains("too many requests")) {
            return RATE_LIMITED;
        }
        if (m.contains("timeout") || m.contains("timed out")) {
            return TIMEOUT;
        }
        if (m.contains("nonce too low")) {
            return NONCE_TOO_LOW;
        }
        if (m.contains("already known") || m.contains("already imported") || m.contains("known transaction")) {
            return ALREADY_KNOWN;
        }
        if (m.contains("underpriced") || m.contains("less than block base fee") || m.contains("fee too low")) {
            return UNDERPRICED;
        }
        if (m.contains("revert")) {
            return REVERTED;
        }
        if (m.contains("invalid response received: 5") || m.contains("connection refused") || m.contains("failed to connect")
                || m.contains("unexpected end of stream") || m.contains("connection reset")) {
            return UNAVAILABLE;
        }
        return NODE_ERROR;
    }
}
