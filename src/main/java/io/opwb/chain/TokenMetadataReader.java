package io.opwb.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;

import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.IERC20Metadata;

/**
 * Asks an L1 token its ERC-20 {@code symbol()} and {@code decimals()} (OpenZeppelin's IERC20Metadata
 * wrapper), for the status page's amounts. A token is a stranger's contract: what it answers is checked
 * ({@link #judge}), and any answer that cannot be shown as is (a revert, bytes that do not decode, a symbol
 * too long or unprintable, decimals over 255) is {@link Answer.NoAnswer}, which the caller records for good.
 * Only the node's silence is an {@link IOException}: it decides nothing, and the token is asked again later.
 */
public final class TokenMetadataReader {

    /** The longest symbol shown; real ones are a few characters. */
    public static final int MAX_SYMBOL_LENGTH = 32;

    /** What a token answered. */
    public sealed interface Answer {
        /** A symbol to show and the decimals to place the point by. */
        record Known(String symbol, int decimals) implements Answer {
        }

        /** It does not answer in a way that can be shown; {@code why} says how. */
        record NoAnswer(String why) implements Answer {
        }
    }

    private TokenMetadataReader() {
    }

    public static Answer read(Web3j l1, String token) throws IOException {
        IERC20Metadata erc20 = IERC20Metadata.load(token, l1, new ReadonlyTransactionManager(l1, token),
                new DefaultGasProvider());
        Optional<Object> symbol = ViewCall.answer(l1, token, erc20.symbol());
        Optional<String> decimals = ViewCall.returned(l1, token, erc20.decimals().encodeFunctionCall());
        return judge(symbol, decimals.flatMap(hex -> decimals(erc20, hex)));
    }

    /**
     * Pure: decimals() as returned (hex), decoded by the wrapper once it is a uint8 as the ABI encodes one,
     * a word under 256; web3j would read a larger word's last byte (256 as 0), which would misplace the point.
     */
    static Optional<Object> decimals(IERC20Metadata erc20, String returned) {
        String digits = returned.startsWith("0x") ? returned.substring(2) : returned;
        if (digits.length() < 64 || !digits.substring(0, 64).matches("[0-9a-fA-F]{64}")
                || new BigInteger(digits.substring(0, 64), 16).compareTo(BigInteger.valueOf(255)) > 0) {
            return Optional.empty();
        }
        return ViewCall.decoded(erc20.decimals(), returned);
    }

    /** Pure: the views' decoded answers (empty: refused or undecodable) judged for showing. */
    public static Answer judge(Optional<Object> symbol, Optional<Object> decimals) {
        if (symbol.isEmpty() || !(symbol.get() instanceof String s)) {
            return new Answer.NoAnswer("symbol() reverted or answered bytes that are not a string");
        }
        if (decimals.isEmpty() || !(decimals.get() instanceof BigInteger d)) {
            return new Answer.NoAnswer("decimals() reverted, or answered something other than a number from 0 to 255");
        }
        if (s.isEmpty() || s.length() > MAX_SYMBOL_LENGTH) {
            return new Answer.NoAnswer("symbol() is " + s.length() + " characters long (1 to " + MAX_SYMBOL_LENGTH
                    + " are shown)");
        }
        if (!s.codePoints().allMatch(TokenMetadataReader::showable)) {
            return new Answer.NoAnswer("symbol() holds characters that cannot be shown");
        }
        if (d.signum() < 0 || d.compareTo(BigInteger.valueOf(255)) > 0) {
            return new Answer.NoAnswer("decimals() is " + RevertReasons.bounded(d.toString()) + ", over 255");
        }
        return new Answer.Known(s, d.intValueExact());
    }

    /**
     * A character a page can show as itself: not a control or format character (a right-to-left override
     * would reorder what follows it), not a lone surrogate, a private-use or unassigned one, nor the
     * replacement character that stands for bytes that were not UTF-8.
     */
    private static boolean showable(int c) {
        int type = Character.getType(c);
        return c != 0xfffd && type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.UNASSIGNED;
    }
}
