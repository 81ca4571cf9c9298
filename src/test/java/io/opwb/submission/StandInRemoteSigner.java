package io.opwb.submission;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A STAND-IN for a remote signer (Web3Signer's {@code eth_*} or Clef's {@code account_*} API) on a
 * loopback port: it lists its accounts and signs what it is asked with a local key — or, to test
 * that answers are checked, a transaction changed by {@code tamper}, or with another key.
 */
final class StandInRemoteSigner implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<String> methods = new ArrayList<>();
    private volatile List<String> accounts;
    private volatile Credentials key;
    private volatile UnaryOperator<Params> tamper = UnaryOperator.identity();
    private volatile String fixedAnswer;

    /** What the signer was asked to sign, as it read it. */
    record Params(long chainId, BigInteger nonce, BigInteger gas, String to, BigInteger value, String data,
            BigInteger maxPriorityFee, BigInteger maxFee) {

        Params withNonce(BigInteger other) {
            return new Params(chainId, other, gas, to, value, data, maxPriorityFee, maxFee);
        }

        Params withChainId(long other) {
            return new Params(other, nonce, gas, to, value, data, maxPriorityFee, maxFee);
        }

        RawTransaction transaction() {
            return RawTransaction.createTransaction(chainId, nonce, gas, to, value, data, maxPriorityFee, maxFee);
        }
    }

    StandInRemoteSigner(Credentials key) throws IOException {
        this.key = key;
        this.accounts = List.of(key.getAddress());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String method = request.path("method").asText();
            methods.add(method);
            respond(exchange, answer(method, request.path("params").path(0)));
        });
        server.start();
    }

    private String answer(String method, JsonNode tx) throws IOException {
        if (method.equals("eth_accounts") || method.equals("account_list")) {
            return result(JSON.writeValueAsString(accounts));
        }
        if (fixedAnswer != null) {
            return fixedAnswer;
        }
        Params asked = new Params(Numeric.toBigInt(tx.path("chainId").asText()).longValueExact(),
                Numeric.toBigInt(tx.path("nonce").asText()), Numeric.toBigInt(tx.path("gas").asText()),
                tx.path("to").asText(), Numeric.toBigInt(tx.path("value").asText()), tx.path("data").asText(),
                Numeric.toBigInt(tx.path("maxPriorityFeePerGas").asText()), Numeric.toBigInt(tx.path("maxFeePerGas").asText()));
        Params signed = tamper.apply(asked);
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(signed.transaction(), signed.chainId(), key));
        // Clef answers {raw, tx}; the eth API the raw transaction alone.
        return result(method.equals("account_signTransaction") ? JSON.writeValueAsString(java.util.Map.of("raw", raw))
                : JSON.writeValueAsString(raw));
    }

    /** A JSON-RPC answer, as any signer sends it. */
    static void respond(com.sun.net.httpserver.HttpExchange exchange, String answer) throws IOException {
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String result(String json) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + json + "}";
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    List<String> methods() {
        return methods;
    }

    StandInRemoteSigner accounts(List<String> accounts) {
        this.accounts = accounts;
        return this;
    }

    StandInRemoteSigner tamper(UnaryOperator<Params> tamper) {
        this.tamper = tamper;
        return this;
    }

    StandInRemoteSigner signingWith(Credentials other) {
        this.key = other;
        return this;
    }

    /** Answers every signing request with this JSON-RPC response. */
    StandInRemoteSigner answering(String response) {
        this.fixedAnswer = response;
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
