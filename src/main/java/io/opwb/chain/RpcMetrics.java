package io.opwb.chain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * JSON-RPC calls and their failures by chain and method: a decorator around a chain's guard.
 * A failure is a transport fault left after retries, or a node's error answer (a revert, nonce
 * too low), with its {@link RpcErrorKind}.
 */
@ApplicationScoped
public class RpcMetrics {

    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([A-Za-z0-9_]+)\"");

    private final MeterRegistry registry;

    public RpcMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public ResilientRpcService.Guard counting(String chain, ResilientRpcService.Guard guard) {
        return (nodes, payload) -> {
            String method = method(payload);
            counter("opwb.rpc.calls", chain, method).increment();
            byte[] answer;
            try (InputStream in = guard.send(nodes, payload)) {
                answer = in.readAllBytes();
            } catch (RpcException e) {
                error(chain, method, e.kind());
                throw e;
            } catch (RuntimeException e) {
                // the guard's own refusals: a call that timed out, a breaker that is open
                error(chain, method, RpcErrorKind.of(e));
                throw e;
            }
            RpcErrorKind error = RpcErrorKind.ofAnswer(answer);
            if (error != null) {
                error(chain, method, error);
            }
            return new ByteArrayInputStream(answer);
        };
    }

    private void error(String chain, String method, RpcErrorKind kind) {
        Counter.builder("opwb.rpc.errors").description("JSON-RPC calls that failed, by kind")
                .tags("chain", chain, "method", method, "kind", kind.name()).register(registry).increment();
    }

    private Counter counter(String name, String chain, String method) {
        return Counter.builder(name).description("JSON-RPC calls made").tags("chain", chain, "method", method)
                .register(registry);
    }

    static String method(String payload) {
        Matcher m = METHOD.matcher(payload);
        return m.find() ? m.group(1) : "unknown";
    }
}
