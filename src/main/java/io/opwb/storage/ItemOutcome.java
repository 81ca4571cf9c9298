package io.opwb.storage;

import java.math.BigInteger;
import java.util.Optional;

/**
 * What a batch did for one of its withdrawals, stored by name in {@code batch_item.outcome}. The
 * order is our batcher's {@code Outcome} enum in {@code WithdrawalBatcher.sol}: its item results
 * carry the position.
 */
public enum ItemOutcome {
    /** Proven, or finalized. */
    DONE,
    /** Proven by us against a still-valid game, or already finalized: skipped by our batcher. */
    ALREADY_DONE,
    /** The portal reverted; the reason says why. */
    FAILED,
    /** The item ran out of the gas the batch gave it. */
    OUT_OF_GAS;

    /** The outcome our batcher reported by its position; empty for a position it does not have. */
    public static Optional<ItemOutcome> ofBatcherCode(BigInteger code) {
        ItemOutcome[] all = values();
        return code.signum() >= 0 && code.compareTo(BigInteger.valueOf(all.length)) < 0
                ? Optional.of(all[code.intValue()]) : Optional.empty();
    }
}
