package io.opwb.api;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;

/**
 * A list ordered by row id, newest first, by page number (counted up to a cap) or after a cursor (keyset: the rows
 * below the cursor's id, not counted). Either way the answer's {@code next} is the cursor of the page
 * after it, null at the end.
 */
final class IdPages {

    /** How far a list is counted (the withdrawals' list's cap): beyond it {@code total} means "at least". */
    static final int CAP = (int) WithdrawalResource.COUNT_CAP;

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
        // Counted up to the cap, like the withdrawals' list: a row at the cap's offset means "at least
        // the cap", and only a list shorter than that is counted exactly (its count reads under cap rows).
        return rows.apply(null).range(CAP, CAP).list().chain(beyondCap -> beyondCap.isEmpty()
                ? rows.apply(null).count().map(total -> Math.min(total, CAP))
                : Uni.createFrom().item((long) CAP)).chain(total -> {
                    boolean exact = total < CAP;
                    // One row more than the page tells whether there is a next one.
                    return rows.apply(null).range(request.offset(), request.offset() + request.size()).list().map(found -> {
                        boolean more = found.size() > request.size();
                        List<E> shown = more ? found.subList(0, request.size()) : found;
                        return new Page<>(request.page(), request.size(), total, exact, shown.stream().map(view).toList(),
                                more ? KeysetCursor.ofId(list, id.applyAsLong(shown.get(shown.size() - 1))) : null);
                    });
                });
    }
}
