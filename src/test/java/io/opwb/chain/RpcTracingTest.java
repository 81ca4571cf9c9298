package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** A span per JSON-RPC call, with its method, chain and outcome; none at all when tracing is off. */
class RpcTracingTest {

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"method\":\"eth_call\",\"params\":[{\"to\":\"0x01\"},\"latest\"],\"id\":7}";
    private static final String RESULT = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x2a\"}";
    private static final String REVERT = "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x\"}}";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final RpcTracing tracing = new RpcTracing(provider.get("test"));
    private final RpcNodes nodes = new RpcNodes("http://127.0.0.1:1", new okhttp3.OkHttpClient());

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aCallThatAnswersIsOkAndItsAnswerPassesThroughWhole() throws Exception {
        byte[] answer = tracing.tracing("l1", answering(RESULT)).send(nodes, CALL).readAllBytes();

        assertArrayEquals(RESULT.getBytes(StandardCharsets.UTF_8), answer);
        SpanData span = onlySpan();
        assertEquals("eth_call", span.getName());
        assertEquals(SpanKind.CLIENT, span.getKind());
        assertEquals("jsonrpc", span.getAttributes().get(RpcTracing.RPC_SYSTEM));
        assertEquals("eth_call", span.getAttributes().get(RpcTracing.RPC_METHOD));
        assertEquals("l1", span.getAttributes().get(RpcTracing.CHAIN));
        assertEquals("ok", span.getAttributes().get(RpcTracing.OUTCOME));
        assertNull(span.getAttributes().get(RpcTracing.ERROR_TYPE));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertFalse(span.getAttributes().asMap().toString().contains("0x01"), "a call's parameters are never recorded");
    }

    @Test
    void aNodesErrorAnswerIsAnErrorOfItsKind() throws Exception {
        tracing.tracing("op-sepolia", answering(REVERT)).send(nodes, CALL).readAllBytes();

        SpanData span = onlySpan();
        assertEquals("op-sepolia", span.getAttributes().get(RpcTracing.CHAIN));
        assertEquals("REVERTED", span.getAttributes().get(RpcTracing.OUTCOME));
        assertEquals("REVERTED", span.getAttributes().get(RpcTracing.ERROR_TYPE));
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    }

    @Test
    void aFaultLeftAfterRetriesIsAnErrorOfItsKindAndIsThrownOn() {
        RpcException down = RpcException.of("http://node", new ConnectException("Connection refused"));
        ResilientRpcService.Guard traced = tracing.tracing("l1", (n, p) -> {
            throw down;
        });

        assertSame(down, assertThrows(RpcException.class, () -> traced.send(nodes, CALL)));
        assertEquals("UNAVAILABLE", onlySpan().getAttributes().get(RpcTracing.OUTCOME));
    }

    @Test
    void anOpenBreakerIsUnavailable() {
        ResilientRpcService.Guard traced = tracing.tracing("l1", (n, p) -> {
            throw new CircuitBreakerOpenException("rpc-l1");
        });

        assertThrows(CircuitBreakerOpenException.class, () -> traced.send(nodes, CALL));
        assertEquals("UNAVAILABLE", onlySpan().getAttributes().get(RpcTracing.OUTCOME));
    }

    @Test
    void theSpanIsAChildOfTheWorkThatMadeTheCall() throws Exception {
        var cycle = provider.get("test").spanBuilder("cycle").startSpan();
        try (Scope ignored = cycle.makeCurrent()) {
            tracing.tracing("l1", answering(RESULT)).send(nodes, CALL).readAllBytes();
        } finally {
            cycle.end();
        }
        SpanData call = exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals("eth_call")).findFirst()
                .orElseThrow();
        assertEquals(cycle.getSpanContext().getSpanId(), call.getParentSpanId());
        assertEquals(cycle.getSpanContext().getTraceId(), call.getTraceId());
    }

    @Test
    void withTheSdkDisabledTheGuardIsLeftAsItIs() {
        ResilientRpcService.Guard guard = answering(RESULT);

        assertSame(guard, new RpcTracing(io.opentelemetry.api.OpenTelemetry.noop(), true).tracing("l1", guard));
    }

    private SpanData onlySpan() {
        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(1, spans.size(), spans.toString());
        return spans.get(0);
    }

    private static ResilientRpcService.Guard answering(String answer) {
        return (n, payload) -> new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8));
    }
}
