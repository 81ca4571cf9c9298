package io.opwb.chain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * A client span per JSON-RPC call, by chain and method, with its outcome: a decorator around a
 * chain's guard, beside {@link RpcMetrics}. The span covers the whole call as the caller sees it,
 * retries and failover included. Its outcome is {@code ok}, or the {@link RpcErrorKind} of a
 * transport fault left after retries (an open breaker, a timeout) or of a node's error answer (a
 * revert, nonce too low). Only the method is recorded, never a call's parameters.
 * <p>
 * With the OpenTelemetry SDK disabled ({@code quarkus.otel.sdk.disabled}, the service's default)
 * the guard is returned as it is: no per-call cost.
 */
@ApplicationScoped
public class RpcTracing {

    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<String> CHAIN = AttributeKey.stringKey("opwb.chain");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("opwb.rpc.outcome");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final String OK = "ok";

    /** Null when tracing is off. */
    private final Tracer tracer;

    @Inject
    public RpcTracing(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this(sdkDisabled ? null : openTelemetry.getTracer("io.opwb.chain"));
    }

    /** @param tracer null: no spans */
    RpcTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    public ResilientRpcService.Guard tracing(String chain, ResilientRpcService.Guard guard) {
        if (tracer == null) {
            return guard;
        }
        return (nodes, payload) -> {
            String method = RpcMetrics.method(payload);
            Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.CLIENT)
                    .setAttribute(RPC_SYSTEM, "jsonrpc").setAttribute(RPC_METHOD, method).setAttribute(CHAIN, chain)
                    .startSpan();
            try (InputStream in = guard.send(nodes, payload)) {
                byte[] answer = in.readAllBytes();
                RpcErrorKind error = RpcErrorKind.ofAnswer(answer);
                if (error == null) {
                    span.setAttribute(OUTCOME, OK);
                } else {
                    failed(span, error);
                }
                return new ByteArrayInputStream(answer);
            } catch (IOException | RuntimeException e) {
                // RpcException, or fault tolerance's own: a timeout, an open breaker
                failed(span, RpcErrorKind.of(e));
                throw e;
            } finally {
                span.end();
            }
        };
    }

    private static void failed(Span span, RpcErrorKind kind) {
        span.setAttribute(OUTCOME, kind.name()).setAttribute(ERROR_TYPE, kind.name())
                .setStatus(StatusCode.ERROR, kind.name());
    }
}
