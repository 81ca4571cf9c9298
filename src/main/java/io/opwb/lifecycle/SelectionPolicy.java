package io.opwb.lifecycle;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.opwb.chain.WithdrawalKind;

/**
 * The selection rule, pure: we prove and finalize a withdrawal, at our L1 gas, when it carries at
 * least the minimum ETH value, or when one of its parties is on the address list. Its parties are
 * its sender and target, for a messenger message also the message's L2 sender and L1 target, and for
 * a standard-bridge transfer also who sends on L2 and who receives on L1. Only ETH counts towards
 * the value: a token transfer carries none in the withdrawal (the amount is in its calldata, in a
 * token we cannot price), so it is selected only when the list names a party to it.
 */
public final class SelectionPolicy {

    private final Set<String> addresses;
    private final BigInteger minValue;

    public SelectionPolicy(Optional<List<String>> addresses, BigInteger minValue) {
        this.addresses = addresses.map(list -> list.stream().map(a -> a.toLowerCase().trim())
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
        this.minValue = minValue;
    }

    public static SelectionPolicy from(SelectionConfig config) {
        return new SelectionPolicy(config.addresses(), config.minValueWei());
    }

    /**
     * Null when selected; otherwise why not, starting "not selected" ({@link StatusRules} tells
     * policy skips by it).
     *
     * @param value the ETH the withdrawal carries (wei)
     * @param data its calldata, where a message's and a bridge transfer's parties are
     */
    public String rejection(String sender, String target, BigInteger value, byte[] data) {
        if (value.compareTo(minValue) >= 0) {
            return null;
        }
        // Decoded only when the list can select it: the tracker asks again for every new withdrawal.
        if (!addresses.isEmpty() && parties(sender, target, data).anyMatch(a -> addresses.contains(a.toLowerCase()))) {
            return null;
        }
        return "not selected: it carries " + value + " wei, under the minimum " + minValue
                + " (only ETH counts, not a bridged token's amount)"
                + (addresses.isEmpty() ? "" : ", and no party to it is on the address list");
    }

    /** What the policy selects by, the same text for the same policy: a change decides skipped withdrawals again. */
    public String fingerprint() {
        return "min " + minValue + ", addresses " + new java.util.TreeSet<>(addresses);
    }

    private static Stream<String> parties(String sender, String target, byte[] data) {
        WithdrawalKind kind = WithdrawalKind.of(sender, data);
        Stream<String> message = kind.message() == null ? Stream.empty()
                : Stream.of(kind.message().sender(), kind.message().target());
        Stream<String> transfer = kind.transfer() == null ? Stream.empty()
                : Stream.of(kind.transfer().from(), kind.transfer().to());
        return Stream.of(Stream.of(sender, target), message, transfer).flatMap(s -> s);
    }
}
