package io.opwb.api;

import java.util.Locale;
import java.util.regex.Pattern;

import org.web3j.utils.Numeric;

/** Parses and checks request parameters; a bad one is a 400 with a message saying what is wrong. */
final class Params {

    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private Params() {
    }

    static byte[] hash(String value, String name) {
        if (value == null || !HASH.matcher(value).matches()) {
            throw ApiException.badRequest(name + " must be 0x followed by 64 hex digits");
        }
        return Numeric.hexStringToByteArray(value);
    }

    static byte[] address(String value, String name) {
        if (value == null || !ADDRESS.matcher(value).matches()) {
            throw ApiException.badRequest(name + " must be 0x followed by 40 hex digits");
        }
        return Numeric.hexStringToByteArray(value);
    }

    static <E extends Enum<E>> E oneOf(Class<E> type, String value, String name) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** A row id in a path: a whole number, or a 400 naming what it is the id of. */
    static long id(String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(what + " id must be a whole number");
        }
    }
}
