package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A node's error answer is told from a result by its bytes, whatever the result's size. */
class RpcErrorKindAnswerTest {

    @Test
    void anErrorAnswerHasItsKindAndAResultHasNone() {
        assertEquals(RpcErrorKind.RATE_LIMITED, RpcErrorKind.ofAnswer(bytes(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"rate limit exceeded\"}}")));
        assertEquals(RpcErrorKind.REVERTED, RpcErrorKind.ofAnswer(bytes(
                "{\"id\":1,\"error\" : {\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x08c379a0\"}}")));
        assertNull(RpcErrorKind.ofAnswer(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[" + "{\"data\":\"0x00\"},".repeat(
                100_000) + "{}]}")));
        assertNull(RpcErrorKind.ofAnswer(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x\"}")));
        assertNull(RpcErrorKind.ofAnswer(new byte[0]));
    }

    @Test
    void aWordIsFoundAnywhereAndOnlyWhole() {
        byte[] word = bytes("\"error\"");
        assertTrue(RpcErrorKind.contains(bytes("\"error\""), word));
        assertTrue(RpcErrorKind.contains(bytes("xx\"\"error\""), word));
        assertFalse(RpcErrorKind.contains(bytes("xx\"error"), word));
        assertFalse(RpcErrorKind.contains(bytes("\"erro\"r\""), word));
        assertFalse(RpcErrorKind.contains(bytes(""), word));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
