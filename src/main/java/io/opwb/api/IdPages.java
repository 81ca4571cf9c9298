package io.opwb.api;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;

/**
 * A list ordered by row id, newest first, by page number (counted) or after a cursor (keyset: the rows
 * below the cursor's id, not counted). Either way the answer's {@code next} is the cursor of the page
 * after it, null at the end.
 */
final class IdPages {

    private IdPages() {
    }

    /**
     * @param rows the list's query: every row (null), or the rows below an id
     * @param list which list's cursors these are ({@link KeysetCursor})
     */
    static <E, V> Uni<Page<V>> page(String page, String size, String after, byte list,
            Function<Long, PanacheQuery<E>> rows, ToLongFunction<E> id, Function<E, V> view) {
        KeysetCursor.refuseWithPage(after, page);
        PageRequest request = PageRequest.of(page, size);
        if (after != null) {
            // One row more than the page tells whether there is a next one.
            return rows.apply(KeysetCursor.idAfter(after, list)).range(0, request.size()).list().map(found -> {
                boolean more = found.size() > request.size();
                List<E> shown = more ? found.subList(0, request.size()) : found;
                return new Page<>(null, request.size(), null, null, shown.stream().map(view).toList(),
                        more ? KeysetCursor.ofId(list, id.applyAsLong(shown.get(shown.size() - 1))) : null);
            });
        }
        PanacheQuery<E> query = rows.apply(null);
        return query.count().chain(total -> query.page(request.page(), request.size()).list().map(found -> new Page<>(
                request.page(), request.size(), total, true, found.stream().map(view).toList(),
                !found.isEmpty() && request.offset() + found.size() < total
                        ? KeysetCursor.ofId(list, id.applyAsLong(found.get(found.size() - 1))) : null)));
    }
}
