package io.opwb.submission;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The fees of a same-nonce replacement, pure. Nodes accept a replacement only when both fees
 * rise by at least 10 %; it must also pay what the market asks now (twice the base fee plus the
 * tip). Never above the configured cap: then no replacement is possible.
 */
public final class FeeBumpPolicy {

    /** The replacement's fees, or why there is none. */
    public record Bump(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, String refusal) {
        public boolean possible() {
            return refusal == null;
        }
    }

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private final int minIncreasePercent;
    private final Optional<BigInteger> cap;

    public FeeBumpPolicy(int minIncreasePercent, Optional<BigInteger> cap) {
        if (minIncreasePercent < 10) {
            throw new IllegalArgumentException("nodes refuse replacements that raise fees by less than 10 %");
        }
        this.minIncreasePercent = minIncreasePercent;
        this.cap = cap;
    }

    public Bump bump(BigInteger oldMaxFee, BigInteger oldTip, BigInteger baseFee, BigInteger suggestedTip) {
        BigInteger tip = raised(oldTip).max(suggestedTip);
        BigInteger maxFee = raised(oldMaxFee).max(baseFee.multiply(BigInteger.TWO).add(tip));
        if (cap.isPresent() && maxFee.compareTo(cap.get()) > 0) {
            if (raised(oldMaxFee).compareTo(cap.get()) > 0 || baseFee.compareTo(cap.get()) >= 0) {
                return new Bump(null, null, "a replacement would pay " + maxFee + " wei per gas, over the cap " + cap.get());
            }
            maxFee = cap.get();
            tip = tip.min(maxFee.subtract(baseFee));
            if (tip.compareTo(raised(oldTip)) < 0) {
                return new Bump(null, null, "under the cap " + cap.get() + " the tip cannot rise by " + minIncreasePercent + " %");
            }
        }
        return new Bump(maxFee, tip, null);
    }

    /** At least minIncreasePercent more, rounded up, and at least one wei more. */
    BigInteger raised(BigInteger fee) {
        BigInteger raised = fee.multiply(HUNDRED.add(BigInteger.valueOf(minIncreasePercent))).add(HUNDRED.subtract(BigInteger.ONE))
                .divide(HUNDRED);
        return raised.max(fee.add(BigInteger.ONE));
    }
}
