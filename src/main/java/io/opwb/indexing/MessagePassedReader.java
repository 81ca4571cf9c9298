package io.opwb.indexing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.opwb.storage.NewWithdrawal;

/**
 * {@code eth_getLogs} for {@code MessagePassed}, decoded as the answer is parsed: Jackson's streaming
 * parser walks the answer's bytes, each hex field is decoded from the parser's own character buffer
 * into a byte array (no {@code String} per field, no web3j {@code Log}), and each log becomes a
 * {@link NewWithdrawal} at once ({@link MessagePassedDecoder}). The request goes through the chain's
 * transport like any other call (failover, fault tolerance, metrics, tracing: {@code
 * ChainContext.l2Service}), so a node's fault is classified, retried and counted as before; the answer
 * is bounded there ({@code opwb.rpc.max-answer-bytes}).
 * <p>
 * What it refuses, and how: an answer that is not JSON, or whose result is not a list, fails the call
 * (an {@link IOException} of the request, as web3j's parser failed it: the indexer asks for fewer
 * blocks); a log in the list that is not a well-formed {@code MessagePassed} of the message passer
 * fails the range ({@link MalformedLogException}, named by its place in the answer); the logs after it
 * are skipped unread, so nothing of a failed range is kept. A removed log is left out, as before.
 */
public final class MessagePassedReader {

    private MessagePassedReader() {
    }

    /** One range's answer: its withdrawals, how many logs and bytes it held, and its first malformed log if any. */
    public record Logs(List<NewWithdrawal> withdrawals, int logs, long bytes, String malformed) {

        /** The withdrawals; a {@link MalformedLogException} when a log did not decode. */
        public List<NewWithdrawal> withdrawalsOrThrow() throws MalformedLogException {
            if (malformed != null) {
                throw new MalformedLogException(malformed);
            }
            return withdrawals;
        }
    }

    /** The logs {@code filter} matches, read through {@code node}. */
    public static Logs read(Web3jService node, EthFilter filter) throws IOException {
        Answer answer = new Request<>("eth_getLogs", List.of(filter), node, Answer.class).send();
        if (answer.hasError()) {
            throw new IOException(answer.getError().getMessage());
        }
        if (answer.getResult() == null) {
            throw new IOException("eth_getLogs answered without a result");
        }
        return answer.getResult();
    }

    /** The JSON-RPC answer, its result read by {@link ResultReader}. */
    public static final class Answer extends Response<Logs> {
        @Override
        @JsonDeserialize(using = ResultReader.class)
        public void setResult(Logs result) {
            super.setResult(result);
        }
    }

    /** The result: a list of logs. */
    @io.quarkus.runtime.annotations.RegisterForReflection // made by Jackson from the annotation above, in a native image too
    public static final class ResultReader extends JsonDeserializer<Logs> {
        @Override
        public Logs deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return list(p);
        }
    }

    static Logs list(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw MismatchedInputException.from(p, Logs.class, "eth_getLogs answered " + p.currentToken() + ", not a list");
        }
        long start = offset(p);
        List<NewWithdrawal> rows = new ArrayList<>();
        int logs = 0;
        String malformed = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new JsonParseException(p, "the answer ended inside the list of logs");
            }
            int position = logs++;
            if (malformed != null) {
                p.skipChildren();
            } else if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                malformed = "log " + position + " of the answer: not an object";
            } else {
                LogFields log = new LogFields();
                log.read(p);
                try {
                    NewWithdrawal w = log.withdrawal();
                    if (w != null) {
                        rows.add(w);
                    }
                } catch (MalformedLogException e) {
                    malformed = "log " + position + " of the answer" + log.where() + ": " + e.getMessage();
                    rows = List.of();
                }
            }
        }
        long bytes = offset(p) - start;
        return new Logs(malformed == null ? rows : List.of(), logs, bytes, malformed);
    }

    /** Where the parser is in the answer: bytes from an answer's stream, characters from a string (tests). */
    private static long offset(JsonParser p) {
        long bytes = p.currentLocation().getByteOffset();
        return bytes >= 0 ? bytes : p.currentLocation().getCharOffset();
    }

    /** One log's fields as they are read; their decoding waits for the whole object (fields come in any order). */
    private static final class LogFields {
        private byte[] address;
        private byte[][] topics;
        private byte[] data;
        private long blockNumber = -1;
        private byte[] blockHash;
        private byte[] txHash;
        private long logIndex = -1;
        /** The block's timestamp where the node gives it (geth 1.16+, anvil): shown, never relied on. */
        private long blockTime = -1;
        private boolean removed;
        /** The first field that did not read. */
        private String bad;

        /** Reads from the object's start to its end, whatever it holds. */
        void read(JsonParser p) throws IOException {
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                switch (field) {
                    case "address" -> address = bytes(p, value, field);
                    case "topics" -> topics = topics(p, value);
                    case "data" -> data = bytes(p, value, field);
                    case "blockNumber" -> blockNumber = quantity(p, value, field);
                    case "blockHash" -> blockHash = bytes(p, value, field);
                    case "transactionHash" -> txHash = bytes(p, value, field);
                    case "logIndex" -> logIndex = quantity(p, value, field);
                    case "removed" -> removed = flag(p, value, field);
                    case "blockTimestamp" -> blockTime = optionalQuantity(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new JsonParseException(p, "a log that does not end as an object");
            }
        }

        /** Null when it was removed (a reorg the node saw): left out, as before. */
        NewWithdrawal withdrawal() throws MalformedLogException {
            if (removed) {
                return null;
            }
            if (bad != null) {
                throw new MalformedLogException(bad);
            }
            if (address == null || topics == null || data == null || blockNumber < 0 || blockHash == null
                    || txHash == null || logIndex < 0) {
                throw new MalformedLogException("a field missing");
            }
            if (logIndex > Integer.MAX_VALUE) {
                throw new MalformedLogException("log index " + logIndex);
            }
            NewWithdrawal w = MessagePassedDecoder.decode(address, topics, data, blockNumber, blockHash, txHash,
                    (int) logIndex);
            return blockTime < 0 ? w : w.atBlockTime(blockTime);
        }

        String where() {
            return blockNumber < 0 ? "" : " (block " + blockNumber + (logIndex < 0 ? "" : ", log " + logIndex) + ")";
        }

        private byte[][] topics(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                fail("topics: not a list");
                return null;
            }
            List<byte[]> read = new ArrayList<>(4);
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw new JsonParseException(p, "the answer ended in a log's topics");
                }
                byte[] topic = bytes(p, t, "topics");
                if (topic != null && read.size() < 5) { // more than 4 is wrong already: keep none of the rest
                    read.add(topic);
                }
            }
            return read.toArray(new byte[0][]);
        }

        /** A hex string's bytes; null (the field noted as bad) when it is not one. */
        private byte[] bytes(JsonParser p, JsonToken value, String field) throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                p.skipChildren();
                fail(field + ": not a string");
                return null;
            }
            byte[] b = Hex.bytes(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (b == null) {
                fail(field + ": not 0x-prefixed hex of whole bytes");
            }
            return b;
        }

        /** A boolean; false (the field noted as bad) when it is not one. */
        private boolean flag(JsonParser p, JsonToken value, String field) throws IOException {
            if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                p.skipChildren();
                fail(field + ": not a boolean");
            }
            return value == JsonToken.VALUE_TRUE;
        }

        /** A hex quantity; -1 (the field noted as bad) when it is not one. */
        private long quantity(JsonParser p, JsonToken value, String field) throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                p.skipChildren();
                fail(field + ": not a string");
                return -1;
            }
            long q = Hex.quantity(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (q < 0) {
                fail(field + ": not a hex quantity below 2^63");
            }
            return q;
        }

        /**
         * An optional hex quantity; -1 when absent or not one. Only the status page shows it, so a node
         * that writes it wrong costs that time, not the range.
         */
        private static long optionalQuantity(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                p.skipChildren();
                return -1;
            }
            return Hex.quantity(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }

        private void fail(String why) {
            if (bad == null) {
                bad = why;
            }
        }
    }

    /** Hex as JSON-RPC writes it, decoded from characters where they lie. */
    static final class Hex {
        private Hex() {
        }

        /** {@code 0x} and an even number of hex digits; null otherwise. */
        static byte[] bytes(char[] c, int off, int len) {
            if (len < 2 || c[off] != '0' || (c[off + 1] != 'x' && c[off + 1] != 'X') || (len & 1) != 0) {
                return null;
            }
            byte[] out = new byte[(len - 2) / 2];
            for (int i = 0, j = off + 2; i < out.length; i++, j += 2) {
                int hi = digit(c[j]);
                int lo = digit(c[j + 1]);
                if ((hi | lo) < 0) {
                    return null;
                }
                out[i] = (byte) (hi << 4 | lo);
            }
            return out;
        }

        /** {@code 0x} and 1 to 16 hex digits, below 2^63; -1 otherwise. */
        static long quantity(char[] c, int off, int len) {
            if (len < 3 || len > 18 || c[off] != '0' || (c[off + 1] != 'x' && c[off + 1] != 'X')) {
                return -1;
            }
            long v = 0;
            for (int j = off + 2; j < off + len; j++) {
                int d = digit(c[j]);
                if (d < 0) {
                    return -1;
                }
                v = v << 4 | d;
            }
            return v < 0 ? -1 : v; // 16 digits above 2^63 - 1 come out negative
        }

        private static int digit(char ch) {
            if (ch >= '0' && ch <= '9') {
                return ch - '0';
            }
            if (ch >= 'a' && ch <= 'f') {
                return ch - 'a' + 10;
            }
            if (ch >= 'A' && ch <= 'F') {
                return ch - 'A' + 10;
            }
            return -1;
        }
    }
}
