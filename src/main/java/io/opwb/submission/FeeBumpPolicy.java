package io.opwb.submission;

import java.math.BigInteger;

/**
 * What our transactions offer per gas, pure. A first attempt offers twice the next base fee plus
 * the tip, under the cap. A same-nonce replacement must raise both fees by at least 10 % (nodes
 * refuse it otherwise) and pay what the market asks now (twice the base fee plus the tip). Neither
 * ever offers more than the ceiling — the cap, and for a replacement also a multiple of the first
 * attempt's max fee — and a nonce is replaced only so many times. Past those limits the transaction
 * waits as it is, for the base fee to come down to it.
 */
public final class FeeBumpPolicy {

    /** The fees to sign with, or why there are none. */
    public record Bump(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, FeeRefusal refusal, String reason) {
        public boolean possible() {
            return refusal == null;
        }

        static Bump of(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
            return new Bump(maxFeePerGas, maxPriorityFeePerGas, null, null);
        }

        static Bump refused(FeeRefusal refusal, String reason) {
            return new Bump(null, null, refusal, reason);
        }
    }

    /** The attempts at one nonce so far: the first one's max fee, and how many times it was replaced. */
    public record Attempts(BigInteger firstMaxFee, int replacements) {
    }

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private final int minIncreasePercent;
    private final BigInteger cap;
    private final int maxReplacements;
    private final int maxFeeMultiple;

    public FeeBumpPolicy(int minIncreasePercent, BigInteger cap, int maxReplacements, int maxFeeMultiple) {
        if (minIncreasePercent < 10) {
            throw new IllegalArgumentException("nodes refuse replacements that raise fees by less than 10 %");
        }
        if (cap.signum() <= 0) {
            throw new IllegalArgumentException("the fee cap must be positive");
        }
        if (maxReplacements < 0) {
            throw new IllegalArgumentException("the most replacements per nonce cannot be negative");
        }
        if (maxFeeMultiple < 1) {
            throw new IllegalArgumentException("the max fee multiple must be at least 1");
        }
        this.minIncreasePercent = minIncreasePercent;
        this.cap = cap;
        this.maxReplacements = maxReplacements;
        this.maxFeeMultiple = maxFeeMultiple;
    }

    public static FeeBumpPolicy from(SubmissionConfig config) {
        return new FeeBumpPolicy(config.feeBumpPercent(), config.maxFeePerGasWei(), config.maxReplacements(),
                config.maxFeeMultiple());
    }

    /** A first attempt's fees; none when the base fee alone reaches the cap: it could not be mined. */
    public Bump firstAttempt(BigInteger baseFee, BigInteger suggestedTip) {
        if (baseFee.compareTo(cap) >= 0) {
            return Bump.refused(FeeRefusal.OVER_CAP, "the next base fee " + baseFee + " wei alone reaches the cap "
                    + cap + " wei per gas: a transaction could not be mined");
        }
        BigInteger maxFee = baseFee.multiply(BigInteger.TWO).add(suggestedTip).min(cap);
        return Bump.of(maxFee, suggestedTip.min(maxFee.subtract(baseFee)));
    }

    /** A replacement's fees, or why there is none. */
    public Bump bump(Attempts attempts, BigInteger oldMaxFee, BigInteger oldTip, BigInteger baseFee,
            BigInteger suggestedTip) {
        if (attempts.replacements() >= maxReplacements) {
            return Bump.refused(FeeRefusal.MAX_REPLACEMENTS, "replaced " + attempts.replacements()
                    + " times already, the most allowed");
        }
        BigInteger byMultiple = attempts.firstMaxFee().multiply(BigInteger.valueOf(maxFeeMultiple));
        boolean multipleLimits = byMultiple.compareTo(cap) < 0;
        BigInteger ceiling = multipleLimits ? byMultiple : cap;
        String ceilingText = multipleLimits
                ? maxFeeMultiple + " times the first attempt's max fee (" + byMultiple + " wei)"
                : "the cap " + cap + " wei";
        BigInteger tip = raised(oldTip).max(suggestedTip);
        BigInteger maxFee = raised(oldMaxFee).max(baseFee.multiply(BigInteger.TWO).add(tip));
        if (maxFee.compareTo(ceiling) > 0) {
            if (raised(oldMaxFee).compareTo(ceiling) > 0 || baseFee.compareTo(ceiling) >= 0) {
                return Bump.refused(multipleLimits ? FeeRefusal.MAX_FEE_MULTIPLE : FeeRefusal.OVER_CAP,
                        "a replacement would offer " + maxFee + " wei per gas, over " + ceilingText);
            }
            maxFee = ceiling;
            tip = tip.min(maxFee.subtract(baseFee));
            if (tip.compareTo(raised(oldTip)) < 0) {
                return Bump.refused(FeeRefusal.TIP_CANNOT_RISE, "under " + ceilingText + " the tip cannot rise by "
                        + minIncreasePercent + " %");
            }
        }
        return Bump.of(maxFee, tip);
    }

    /** At least minIncreasePercent more, rounded up, and at least one wei more. */
    BigInteger raised(BigInteger fee) {
        BigInteger raised = fee.multiply(HUNDRED.add(BigInteger.valueOf(minIncreasePercent))).add(HUNDRED.subtract(BigInteger.ONE))
                .divide(HUNDRED);
        return raised.max(fee.add(BigInteger.ONE));
    }
}
