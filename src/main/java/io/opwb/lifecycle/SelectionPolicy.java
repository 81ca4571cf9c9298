package io.opwb.lifecycle;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The selection rule, pure: an address list (sender or target) and a minimum value. */
public final class SelectionPolicy {

    private final Set<String> addresses;
    private final BigInteger minValue;

    public SelectionPolicy(Optional<List<String>> addresses, Optional<BigInteger> minValue) {
        this.addresses = addresses.map(list -> list.stream().map(a -> a.toLowerCase().trim())
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
        this.minValue = minValue.orElse(null);
    }

    public static SelectionPolicy from(SelectionConfig config) {
        return new SelectionPolicy(config.addresses(), config.minValueWei());
    }

    /** Null when selected; otherwise why not. */
    public String rejection(String sender, String target, BigInteger value) {
        if (!addresses.isEmpty() && !addresses.contains(sender.toLowerCase()) && !addresses.contains(target.toLowerCase())) {
            return "not selected: neither sender nor target is on the address list";
        }
        if (minValue != null && value.compareTo(minValue) < 0) {
            return "not selected: value " + value + " wei is below the minimum " + minValue;
        }
        return null;
    }
}
