package io.opwb.storage;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Enum constants written into HQL as literals, where a query must match a partial index's predicate
 * (a bound parameter cannot be matched to one).
 */
public final class HqlLiterals {

    private HqlLiterals() {
    }

    /** One constant: {@code io.opwb.storage.WithdrawalStatus.PROVING}. */
    public static String of(Enum<?> value) {
        return value.getDeclaringClass().getName() + "." + value.name();
    }

    /** Several, as an HQL list: {@code (A, B)}. */
    public static String list(Enum<?>... values) {
        return Arrays.stream(values).map(HqlLiterals::of).collect(Collectors.joining(", ", "(", ")"));
    }
}
