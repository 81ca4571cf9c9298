package io.opwb.api;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A checked {@code page} and {@code size}. Only a list's first {@link #MAX_ROWS} rows can be paged
 * to: the database skips an offset row by row, so a page far down a list (or far past its end)
 * would cost as much as reading everything before it. Filters narrow a list instead.
 */
record PageRequest(int page, int size) {

    static final int MAX_SIZE = 500;
    static final int DEFAULT_SIZE = 50;
    static final int MAX_ROWS = 10_000;

    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");

    /** From the query parameters (absent: the first page, 50 rows); a bad value is a 400 saying why. */
    static PageRequest of(String page, String size) {
        BigInteger pageNumber = page == null ? BigInteger.ZERO : whole(page, "page");
        BigInteger pageSize = size == null ? BigInteger.valueOf(DEFAULT_SIZE) : whole(size, "size");
        if (pageNumber.signum() < 0) {
            throw ApiException.badRequest("page must be 0 or more");
        }
        if (pageSize.signum() < 1 || pageSize.compareTo(BigInteger.valueOf(MAX_SIZE)) > 0) {
            throw ApiException.badRequest("size must be between 1 and " + MAX_SIZE);
        }
        if (pageNumber.multiply(pageSize).compareTo(BigInteger.valueOf(MAX_ROWS)) >= 0) {
            throw ApiException.badRequest("page * size must be under " + MAX_ROWS + " (page " + pageNumber + ", size "
                    + pageSize + "): a list is paged through its first " + MAX_ROWS + " rows only; narrow it with filters");
        }
        return new PageRequest(pageNumber.intValueExact(), pageSize.intValueExact());
    }

    /** The rows before this page: fewer than {@link #MAX_ROWS}. */
    int offset() {
        return page * size;
    }

    private static BigInteger whole(String value, String name) {
        if (!WHOLE.matcher(value).matches()) {
            throw ApiException.badRequest(name + " must be a whole number");
        }
        return new BigInteger(value);
    }
}
