package io.opwb.indexing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

import org.web3j.abi.EventEncoder;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L2ToL1MessagePasser;
import io.opwb.storage.NewWithdrawal;

/**
 * {@code MessagePassed(uint256 indexed nonce, address indexed sender, address indexed target,
 * uint256 value, uint256 gasLimit, bytes data, bytes32 withdrawalHash)} from a log's bytes, as
 * web3j's ABI decoder reads it from the generated wrapper's event (the same values, byte for byte;
 * {@code MessagePassedDecoderTest}) without its hex strings and per-field objects. Every offset and
 * length is checked against the data before it is used: the bytes are a node's, and a wrong one is
 * a {@link MalformedLogException}, never an exception of another kind or an allocation the data
 * does not hold.
 */
public final class MessagePassedDecoder {

    /** The event's signature hash, topic 0. */
    static final byte[] TOPIC = Numeric.hexStringToByteArray(EventEncoder.encode(L2ToL1MessagePasser.MESSAGEPASSED_EVENT));
    static final byte[] PASSER = Numeric.hexStringToByteArray(Predeploys.L2_TO_L1_MESSAGE_PASSER);
    private static final int WORD = 32;
    /** value, gasLimit, the data's offset, withdrawalHash. */
    private static final int HEAD = 4 * WORD;

    private MessagePassedDecoder() {
    }

    /**
     * @param address the log's emitter (20 bytes)
     * @param topics its topics, each 32 bytes
     * @param data its data
     */
    public static NewWithdrawal decode(byte[] address, byte[][] topics, byte[] data, long blockNumber, byte[] blockHash,
            byte[] txHash, int logIndex) throws MalformedLogException {
        if (!Arrays.equals(address, PASSER)) {
            throw new MalformedLogException("not from the message passer");
        }
        if (topics.length != 4) {
            throw new MalformedLogException(topics.length + " topics, MessagePassed has 4");
        }
        for (byte[] topic : topics) {
            if (topic.length != WORD) {
                throw new MalformedLogException("a topic of " + topic.length + " bytes");
            }
        }
        if (!Arrays.equals(topics[0], TOPIC)) {
            throw new MalformedLogException("not a MessagePassed event");
        }
        if (blockHash.length != WORD || txHash.length != WORD) {
            throw new MalformedLogException("a block or transaction hash not of 32 bytes");
        }
        if (data.length < HEAD) {
            throw new MalformedLogException("data of " + data.length + " bytes, shorter than the event's head");
        }
        long offset = uint(data, 2 * WORD);
        if (offset > data.length - WORD) {
            throw new MalformedLogException("the calldata's offset " + offset + " is beyond the data");
        }
        long length = uint(data, (int) offset);
        if (length > data.length - WORD - offset) {
            throw new MalformedLogException("calldata of " + length + " bytes, longer than the data");
        }
        int start = (int) offset + WORD;
        return new NewWithdrawal(Arrays.copyOfRange(data, 3 * WORD, HEAD), number(topics[1], 0),
                address(topics[2]), address(topics[3]), number(data, 0), number(data, WORD),
                Arrays.copyOfRange(data, start, start + (int) length), blockNumber, blockHash, txHash, logIndex);
    }

    /** A word as a non-negative number up to {@code Long.MAX_VALUE}; {@code Long.MAX_VALUE} when larger. */
    private static long uint(byte[] b, int at) {
        for (int i = at; i < at + WORD - 8; i++) {
            if (b[i] != 0) {
                return Long.MAX_VALUE;
            }
        }
        long v = 0;
        for (int i = at + WORD - 8; i < at + WORD; i++) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /** A uint256 word, as web3j's {@code Uint256} gives it. */
    private static BigDecimal number(byte[] b, int at) {
        int first = at;
        while (first < at + WORD - 8 && b[first] == 0) {
            first++;
        }
        if (first == at + WORD - 8 && (b[first] & 0x80) == 0) { // fits a long: no BigInteger
            long v = 0;
            for (int i = first; i < at + WORD; i++) {
                v = v << 8 | (b[i] & 0xff);
            }
            return BigDecimal.valueOf(v);
        }
        return new BigDecimal(new BigInteger(1, Arrays.copyOfRange(b, at, at + WORD)));
    }

    /** An indexed address: the word's last 20 bytes; web3j refuses one with other bits set, and so does this. */
    private static byte[] address(byte[] word) throws MalformedLogException {
        for (int i = 0; i < WORD - 20; i++) {
            if (word[i] != 0) {
                throw new MalformedLogException("an address topic with bits above 160");
            }
        }
        return Arrays.copyOfRange(word, WORD - 20, WORD);
    }
}
