package io.opwb.api;

import java.util.List;

/** One page of a list. */
public record Page<T>(int page, int size, long total, List<T> items) {
}
