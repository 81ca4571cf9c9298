package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.Service;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.storage.NewWithdrawal;

/**
 * The streaming reader against web3j's decoder (the reference, {@code L2WithdrawalIndexer.web3jWithdrawal}):
 * the same withdrawals, byte for byte, over thousands of generated logs; and what a hostile node's
 * answer comes to: a malformed log fails its range with a message that names it (nothing of the range
 * kept), an answer that is not JSON fails the call, a removed log is left out.
 */
class MessagePassedReaderTest {

    private static final String TOPIC = Numeric.toHexString(MessagePassedDecoder.TOPIC);
    private static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    @Test
    void decodesEveryGeneratedLogAsWeb3jDoes() throws Exception {
        SplittableRandom random = new SplittableRandom(23);
        List<String> logs = new ArrayList<>();
        int removed = 0;
        for (int i = 0; i < 3_000; i++) {
            boolean isRemoved = random.nextInt(50) == 0;
            removed += isRemoved ? 1 : 0;
            logs.add(log(random, i, isRemoved, UnaryOperator.identity()));
        }
        String answer = answer(logs);
        List<NewWithdrawal> expected = L2WithdrawalIndexer.web3jWithdrawals(web3j(answer));
        MessagePassedReader.Logs read = streaming(answer);

        assertNull(read.malformed());
        assertEquals(3_000, read.logs());
        assertEquals(3_000 - removed, expected.size());
        assertEquals(expected.size(), read.withdrawals().size());
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), read.withdrawals().get(i), i);
        }
        // the bytes are the result list's, as sent
        int list = answer.indexOf('[');
        assertEquals(answer.lastIndexOf(']') + 1 - list, read.bytes(), 1.0);
    }

    @Test
    void goesThroughTheChainsTransportAsAnEthGetLogsRequest() throws Exception {
        String answer = answer(List.of(log(new SplittableRandom(1), 0, false, UnaryOperator.identity())));
        List<String> payloads = new ArrayList<>();
        Service node = new Service(false) {
            @Override
            protected InputStream performIO(String payload) {
                payloads.add(payload);
                return new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
            }
        };
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ONE),
                DefaultBlockParameter.valueOf(BigInteger.TEN), Predeploys.L2_TO_L1_MESSAGE_PASSER);
        filter.addSingleTopic(TOPIC);
        MessagePassedReader.Logs read = MessagePassedReader.read(node, filter);
        assertEquals(1, read.withdrawals().size());
        assertTrue(payloads.get(0).contains("\"eth_getLogs\"") && payloads.get(0).contains("\"0xa\"")
                && payloads.get(0).contains(TOPIC), payloads.get(0));
    }

    @Test
    void aNodesErrorAnswerOrNoResultFailsTheCall() {
        assertThrows(IOException.class, () -> MessagePassedReader.read(canned(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"query returned more than 10000 results\"}}"),
                new EthFilter()));
        assertThrows(IOException.class, () -> MessagePassedReader.read(canned("{\"jsonrpc\":\"2.0\",\"id\":1}"),
                new EthFilter()));
    }

    /**
     * As web3j's parser failed the call on an answer that is not JSON. A result that is not a list
     * fails it too (web3j read one as no logs, and the range would have been passed over).
     */
    @Test
    void anAnswerThatIsNotJsonOrNotAListFailsTheCall() {
        String good = answer(List.of(log(new SplittableRandom(2), 0, false, UnaryOperator.identity())));
        for (String bad : List.of(good.substring(0, good.length() / 2), "not json")) {
            assertThrows(IOException.class, () -> streaming(bad), bad);
            assertThrows(IOException.class, () -> web3j(bad), bad);
        }
        for (String notAList : List.of("{}", "7", "\"0x\"")) {
            assertThrows(IOException.class, () -> streaming("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + notAList + "}"));
        }
    }

    /** Each hostile log, third of five: the range fails, named by the log, and nothing of it is kept. */
    @Test
    void aMalformedLogFailsItsRangeAndNamesIt() throws Exception {
        String shortData = Numeric.toHexString(new byte[100]);
        String word = "0x" + "00".repeat(32);
        List<UnaryOperator<String>> hostile = List.of(
                log -> log.replace("\"topics\":[\"" + TOPIC + "\",", "\"topics\":[\"" + TOPIC + "\",\"" + word + "\","),
                log -> log.replaceFirst(",\"0x[0-9a-f]{64}\"\\]", "]"), // three topics
                log -> log.replaceFirst("\"data\":\"0x[0-9a-f]*\"", "\"data\":\"" + shortData + "\""),
                log -> log.replaceFirst("\"data\":\"0x[0-9a-f]*\"", "\"data\":\"0x\""),
                log -> dataWord(log, 2, "ff".repeat(32)), // the calldata's offset beyond anything
                log -> dataWord(log, 2, "00".repeat(31) + "c0"), // an offset past the data's end
                log -> dataWord(log, 4, "00".repeat(24) + "7fffffffffffffff"), // a length longer than the data
                log -> dataWord(log, 4, "ff".repeat(32)),
                log -> log.replaceFirst("\"data\":\"0x[0-9a-f]{10}", "\"data\":\"0xzz00000000"), // not hex
                log -> log.replaceFirst("\"data\":\"0x([0-9a-f]*)\"", "\"data\":\"0x$10\""), // half a byte
                log -> log.replaceFirst("\"data\":\"0x", "\"data\":\""), // no 0x
                log -> log.replaceFirst("\"blockHash\":\"0x[0-9a-f]{4}", "\"blockHash\":\"0x-!-!"),
                log -> log.replaceFirst("\"blockHash\":\"0x[0-9a-f]{64}\"", "\"blockHash\":\"0x1234\""),
                log -> log.replaceFirst("\"logIndex\":\"0x[0-9a-f]+\"", "\"logIndex\":\"0xffffffffff\""),
                log -> log.replaceFirst("\"blockNumber\":\"0x[0-9a-f]+\"", "\"blockNumber\":\"0xffffffffffffffffff\""),
                log -> log.replaceFirst("\"blockNumber\":\"0x[0-9a-f]+\"", "\"blockNumber\":null"),
                log -> log.replaceFirst(",\"logIndex\":\"0x[0-9a-f]+\"", ""), // missing
                log -> log.replace(TOPIC, "0x" + "11".repeat(32)), // another event
                log -> log.replace(Predeploys.L2_TO_L1_MESSAGE_PASSER, "0x" + "22".repeat(20)), // another contract
                log -> log.replaceFirst("(\"topics\":\\[\"0x[0-9a-f]{64}\",\"0x[0-9a-f]{64}\",\")0x000000000000",
                        "$10x0000000000ff"), // a sender topic with bits above 160
                log -> log.replaceFirst("\"topics\":\\[[^\\]]*\\]", "\"topics\":\"0x00\""),
                log -> log.replaceFirst("\"data\":\"0x[0-9a-f]*\"", "\"data\":[1,2,3]"),
                log -> log.replace("\"removed\":false", "\"removed\":{\"logIndex\":\"0x0\"}"),
                log -> "\"a log\"");
        for (int h = 0; h < hostile.size(); h++) {
            SplittableRandom random = new SplittableRandom(h);
            List<String> logs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                logs.add(log(random, i, false, i == 2 ? hostile.get(h) : UnaryOperator.identity()));
            }
            String answer = answer(logs);
            MessagePassedReader.Logs read = streaming(answer);
            assertNotNull(read.malformed(), "case " + h + ": " + logs.get(2));
            assertTrue(read.malformed().startsWith("log 2 of the answer"), read.malformed());
            assertEquals(List.of(), read.withdrawals(), "nothing of the range is kept");
            assertEquals(5, read.logs(), "the answer is read to its end");
            MalformedLogException thrown = assertThrows(MalformedLogException.class, read::withdrawalsOrThrow);
            assertEquals(read.malformed(), thrown.getMessage());
        }
    }

    /**
     * A 10 MB calldata (20 M hex digits) is over the JSON parser's bound on a string (Jackson's 20 M
     * characters, web3j's parser alike): the call fails, as an answer over the answer bound does, and
     * the range shrinks. (With the default answer bound, 16 MB, such an answer is not even read.)
     */
    @Test
    void aTenMegabyteCalldataFailsTheCall() {
        byte[] huge = new byte[10 * 1024 * 1024];
        String answer = answer(List.of(log(new SplittableRandom(4), 0, false, huge, UnaryOperator.identity())));
        assertThrows(IOException.class, () -> streaming(answer));
        assertThrows(IOException.class, () -> web3j(answer));
    }

    @Test
    void aFiveMegabyteCalldataDecodesWhenWellFormedAndFailsItsLogWhenItsLengthLies() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        new SplittableRandom(3).nextBytes(big);
        String answer = answer(List.of(log(new SplittableRandom(4), 0, false, big, UnaryOperator.identity())));
        MessagePassedReader.Logs read = streaming(answer);
        assertArrayEquals(big, read.withdrawals().get(0).data());

        String lying = answer(List.of(log(new SplittableRandom(4), 0, false, big,
                log -> dataWord(log, 4, "00".repeat(28) + "7fffffff"))));
        assertTrue(streaming(lying).malformed().contains("longer than the data"), streaming(lying).malformed());
    }

    @Test
    void aRemovedLogIsLeftOutWhateverItHolds() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        String removed = log(random, 0, true, log -> log.replaceFirst("\"data\":\"0x[0-9a-f]*\"", "\"data\":\"0x\""));
        MessagePassedReader.Logs read = streaming(answer(List.of(removed, log(random, 1, false, UnaryOperator.identity()))));
        assertNull(read.malformed());
        assertEquals(2, read.logs());
        assertEquals(1, read.withdrawals().size());
    }

    @Test
    void theBlocksTimeIsKeptWhereTheNodeGivesItAndOnlyMissedWhereItIsWrong() throws Exception {
        SplittableRandom random = new SplittableRandom(6);
        String given = log(random, 0, false, UnaryOperator.identity());
        String absent = log(random, 1, false, log -> log.replace(",\"blockTimestamp\":\"0x6750a000\"", ""));
        String notAString = log(random, 2, false, log -> log.replace("\"0x6750a000\"", "[12]"));
        String notHex = log(random, 3, false, log -> log.replace("0x6750a000", "0xzz"));
        MessagePassedReader.Logs read = streaming(answer(List.of(given, absent, notAString, notHex)));
        assertNull(read.malformed(), "a time the page shows never fails the range");
        assertEquals(java.util.Arrays.asList(0x6750a000L, null, null, null),
                read.withdrawals().stream().map(io.opwb.storage.NewWithdrawal::l2BlockTime).toList());
    }

    @Test
    void hexIsReadOnlyWhenItIsHex() {
        assertArrayEquals(new byte[] { 0x0a, (byte) 0xbc }, MessagePassedReader.Hex.bytes("0x0aBC".toCharArray(), 0, 6));
        assertArrayEquals(new byte[0], MessagePassedReader.Hex.bytes("0x".toCharArray(), 0, 2));
        assertNull(MessagePassedReader.Hex.bytes("0x0g".toCharArray(), 0, 4));
        assertNull(MessagePassedReader.Hex.bytes("0xabc".toCharArray(), 0, 5));
        assertNull(MessagePassedReader.Hex.bytes("abcd".toCharArray(), 0, 4));
        assertEquals(255, MessagePassedReader.Hex.quantity("0xff".toCharArray(), 0, 4));
        assertEquals(Long.MAX_VALUE, MessagePassedReader.Hex.quantity("0x7fffffffffffffff".toCharArray(), 0, 18));
        assertEquals(-1, MessagePassedReader.Hex.quantity("0x8000000000000000".toCharArray(), 0, 18));
        assertEquals(-1, MessagePassedReader.Hex.quantity("0x".toCharArray(), 0, 2));
        assertEquals(-1, MessagePassedReader.Hex.quantity("0x1 ".toCharArray(), 0, 4));
    }

    private static void assertSame(NewWithdrawal expected, NewWithdrawal actual, int i) {
        String at = "withdrawal " + i;
        assertArrayEquals(expected.withdrawalHash(), actual.withdrawalHash(), at);
        assertEquals(expected.nonce(), actual.nonce(), at);
        assertArrayEquals(expected.sender(), actual.sender(), at);
        assertArrayEquals(expected.target(), actual.target(), at);
        assertEquals(expected.valueWei(), actual.valueWei(), at);
        assertEquals(expected.gasLimit(), actual.gasLimit(), at);
        assertArrayEquals(expected.data(), actual.data(), at);
        assertEquals(expected.l2BlockNumber(), actual.l2BlockNumber(), at);
        assertArrayEquals(expected.l2BlockHash(), actual.l2BlockHash(), at);
        assertArrayEquals(expected.l2TxHash(), actual.l2TxHash(), at);
        assertEquals(expected.l2LogIndex(), actual.l2LogIndex(), at);
    }

    private static MessagePassedReader.Logs streaming(String answer) throws IOException {
        return ObjectMapperFactory.getObjectMapper().readValue(answer, MessagePassedReader.Answer.class).getResult();
    }

    private static List<Log> web3j(String answer) throws IOException {
        return ObjectMapperFactory.getObjectMapper().readValue(answer, EthLog.class).getLogs().stream()
                .map(r -> (Log) r.get()).toList();
    }

    private static Service canned(String answer) {
        return new Service(false) {
            @Override
            protected InputStream performIO(String payload) {
                return new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
            }
        };
    }

    static String answer(List<String> logs) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[" + String.join(",", logs) + "]}";
    }

    private static String log(SplittableRandom random, int index, boolean removed, UnaryOperator<String> change) {
        byte[] data = new byte[switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1, 40);
            case 2 -> 32 * random.nextInt(1, 6);
            default -> random.nextInt(100, 700);
        }];
        random.nextBytes(data);
        return log(random, index, removed, data, change);
    }

    /** A log as geth or anvil writes it (some fields in another order, and ones the reader skips). */
    static String log(SplittableRandom random, int index, boolean removed, byte[] calldata,
            UnaryOperator<String> change) {
        String encoded = FunctionEncoder.encodeConstructor(List.of(new Uint256(number(random)),
                new Uint256(number(random)), new DynamicBytes(calldata), new Bytes32(bytes(random, 32))));
        String topics = "[\"" + TOPIC + "\",\"0x" + TypeEncoder.encode(new Uint256(number(random))) + "\",\"0x"
                + TypeEncoder.encode(new Address(Numeric.toHexString(bytes(random, 20)))) + "\",\"0x"
                + TypeEncoder.encode(new Address(Numeric.toHexString(bytes(random, 20)))) + "\"]";
        long block = random.nextInt(3) == 0 ? random.nextLong(1L << 40) : random.nextInt(100_000);
        String blockNumber = "\"blockNumber\":\"0x" + Long.toHexString(block) + "\"";
        String rest = "\"transactionHash\":\"" + Numeric.toHexString(bytes(random, 32)) + "\",\"transactionIndex\":\"0x"
                + Integer.toHexString(random.nextInt(300)) + "\",\"blockHash\":\"" + Numeric.toHexString(bytes(random, 32))
                + "\",\"blockTimestamp\":\"0x6750a000\",\"logIndex\":\"0x" + Integer.toHexString(index + random.nextInt(3))
                + "\",\"removed\":" + removed;
        String log = random.nextBoolean()
                ? "{\"address\":\"" + Predeploys.L2_TO_L1_MESSAGE_PASSER + "\",\"topics\":" + topics + ",\"data\":\"0x"
                        + encoded + "\"," + blockNumber + "," + rest + "}"
                : "{" + rest + ",\"data\":\"0x" + encoded + "\",\"extra\":{\"nested\":[1,{\"data\":\"x\"}]}," + blockNumber
                        + ",\"topics\":" + topics + ",\"address\":\"" + Predeploys.L2_TO_L1_MESSAGE_PASSER + "\"}";
        return change.apply(log);
    }

    /** Sets the data's 32-byte word {@code index} (0: value, 1: gas limit, 2: offset, 3: hash, 4: length). */
    private static String dataWord(String log, int index, String hex) {
        int data = log.indexOf("\"data\":\"0x") + 10;
        int at = data + 64 * index;
        return log.substring(0, at) + hex + log.substring(at + 64);
    }

    private static BigInteger number(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE));
            case 2 -> BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(random.nextInt(1, 3)));
            case 3 -> MAX;
            default -> new BigInteger(random.nextInt(1, 256), new java.util.Random(random.nextLong()));
        };
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
