package io.opwb.api;

import java.util.List;

/**
 * One page of a list. {@code total} is exact when {@code totalExact}; a long list is counted only
 * up to a cap (then {@code total} is that cap and means "at least"), so that paging through
 * hundreds of thousands of rows does not count them all on every request. {@code next}: the
 * {@code after} cursor of the page after this one, null at the end (lists that page by keyset);
 * a page asked for by cursor has no {@code page} number and is not counted.
 */
public record Page<T>(Integer page, int size, Long total, Boolean totalExact, List<T> items, String next) {

    /** A page by number, counted up to a cap. */
    public Page(int page, int size, long total, boolean totalExact, List<T> items) {
        this(page, size, total, totalExact, items, null);
    }

    /** An exactly counted page. */
    public Page(int page, int size, long total, List<T> items) {
        this(page, size, total, true, items, null);
    }
}
