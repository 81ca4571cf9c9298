package io.opwb.api;

import java.util.List;

/**
 * One page of a list. {@code total} is exact when {@code totalExact}; a long list is counted only
 * up to a cap (then {@code total} is that cap and means "at least"), so that paging through
 * hundreds of thousands of rows does not count them all on every request.
 */
public record Page<T>(int page, int size, long total, boolean totalExact, List<T> items) {

    /** An exactly counted page. */
    public Page(int page, int size, long total, List<T> items) {
        this(page, size, total, true, items);
    }
}
