package io.opwb.api;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The API's hex and decimal renderings, written straight into a char array: a page of 50 renders some
 * 1,000 hashes and addresses, and web3j's {@code Numeric.toHexString} (a char array, then a string, then a
 * concatenation) and {@code BigInteger.toString} (a division per digit group) were a measured share of
 * its CPU. Output equal to theirs: lower-case, {@code 0x}-prefixed; a quantity without leading zeros.
 */
final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** {@code 0x} and two digits a byte ({@code Numeric.toHexString}); null for null. */
    static String of(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        char[] out = new char[2 + 2 * bytes.length];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[3 + 2 * i] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** A non-negative integer as {@code "0x" + value.toString(16)}: no leading zeros, "0x0" for zero. */
    static String quantity(BigInteger value) {
        if (value.signum() < 0) {
            return "0x" + value.toString(16);
        }
        if (value.bitLength() < 64) {
            return "0x" + Long.toHexString(value.longValue());
        }
        String digits = of(value.toByteArray());
        int start = 2;
        while (digits.charAt(start) == '0') { // toByteArray's sign byte and a leading zero nibble
            start++;
        }
        return "0x" + digits.substring(start);
    }

    /** A whole number's decimal digits ({@code toBigIntegerExact().toString()}), without a BigInteger on the way when small. */
    static String decimal(BigDecimal value) {
        return value.scale() == 0 ? value.toPlainString() : value.toBigIntegerExact().toString();
    }
}
