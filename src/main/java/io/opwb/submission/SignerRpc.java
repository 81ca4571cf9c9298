package io.opwb.submission;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON-RPC calls to a remote signer (Web3Signer, Clef, a node holding a key). Errors name the
 * method and the signer's scheme, host and port — never the URL's user info, path or query,
 * which may carry a credential.
 */
final class SignerRpc {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String what;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code what} names the signer in errors ("the remote manifest signer"). */
    SignerRpc(URI url, String what) {
        this.url = url;
        this.what = what;
    }

    /** Where the signer is, safe to log: scheme, host and port only. */
    String where() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** The call's result; an IOException naming the refusal, or the fault, when there is none. */
    JsonNode call(String method, List<?> params, Duration timeout) throws IOException {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params));
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what + " at " + where() + " (" + method + ")");
        } catch (IOException e) {
            throw new IOException(what + " at " + where() + " cannot be reached (" + method + "): " + e, e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(what + " at " + where() + " answered " + method + " with no JSON (HTTP "
                    + response.statusCode() + ")");
        }
        if (response.statusCode() != 200 || answer == null || answer.hasNonNull("error") || !answer.hasNonNull("result")) {
            throw new IOException(what + " refused " + method + " (HTTP " + response.statusCode() + "): "
                    + (answer != null && answer.hasNonNull("error") ? bounded(answer.get("error").toString()) : "no result"));
        }
        return answer.get("result");
    }

    /** A signer's error, cut short: it goes into logs. */
    private static String bounded(String error) {
        return error.length() <= 300 ? error : error.substring(0, 300) + "…";
    }
}
