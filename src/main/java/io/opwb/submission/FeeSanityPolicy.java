package io.opwb.submission;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Whether to believe the fees a node suggests, pure. EIP-1559 lets the base fee rise by at most an
 * eighth a block, so on a real chain the next base fee is never more than 1.125^(n/2 + 1) times the
 * lower median of the last n blocks' (3.7 times for 20 blocks: the median lags half the window). A
 * next base fee or a suggested tip more than {@code maxJump} times that median is a node's error or
 * lie, not the market: it is not believed until the new level has lasted half the window (the median
 * has caught up) or has gone. The median counts as at least the floor: on a quiet chain whose base
 * fee is a few wei, a jump to a few gwei is no danger.
 */
public final class FeeSanityPolicy {

    /** Believed, or the doubt and why. */
    public record Verdict(FeeRefusal doubt, String reason) {
        public boolean believed() {
            return doubt == null;
        }
    }

    private static final Verdict BELIEVED = new Verdict(null, null);

    private final int maxJump;
    private final BigInteger floor;

    public FeeSanityPolicy(int maxJump, int historyBlocks, BigInteger floor) {
        if (historyBlocks < 1) {
            throw new IllegalArgumentException("the fee history needs at least one block");
        }
        double realChainJump = realChainJump(historyBlocks);
        if (maxJump <= realChainJump) {
            throw new IllegalArgumentException(String.format("over %d blocks a real chain's base fee can reach %.1f times "
                    + "their lower median: a max jump of %d would doubt it", historyBlocks, realChainJump, maxJump));
        }
        if (floor.signum() <= 0) {
            throw new IllegalArgumentException("the floor must be positive");
        }
        this.maxJump = maxJump;
        this.floor = floor;
    }

    public static FeeSanityPolicy from(SubmissionConfig.FeeSanityConfig config) {
        return new FeeSanityPolicy(config.maxJump(), config.historyBlocks(), config.floorWei());
    }

    /**
     * @param recentBaseFees the base fees of the recent blocks, as we first saw them
     * @param nextBaseFee the node's base fee for the next block
     * @param suggestedTip the node's suggested priority fee
     */
    public Verdict judge(List<BigInteger> recentBaseFees, BigInteger nextBaseFee, BigInteger suggestedTip) {
        BigInteger median = recentBaseFees.isEmpty() ? BigInteger.ZERO : lowerMedian(recentBaseFees);
        BigInteger limit = median.max(floor).multiply(BigInteger.valueOf(maxJump));
        String basis = maxJump + " times the recent base fee " + median + " wei (the lower median of "
                + recentBaseFees.size() + " blocks" + (median.compareTo(floor) < 0 ? ", counted as " + floor : "")
                + "); believed once it has lasted half as many blocks, or has fallen";
        if (nextBaseFee.compareTo(limit) > 0) {
            return new Verdict(FeeRefusal.BASE_FEE_JUMP, "the node's next base fee " + nextBaseFee + " wei is over "
                    + basis);
        }
        if (suggestedTip.compareTo(limit) > 0) {
            return new Verdict(FeeRefusal.TIP_JUMP, "the node's suggested tip " + suggestedTip + " wei is over "
                    + basis);
        }
        return BELIEVED;
    }

    /** The most a real chain's next base fee can be over the lower median of that many blocks. */
    static double realChainJump(int historyBlocks) {
        int blocksSinceMedian = historyBlocks + 1 - (historyBlocks + 1) / 2;
        return Math.pow(1.125, blocksSinceMedian);
    }

    /** The lower of the two middle values: a lie must fill more than half the window to move it. */
    static BigInteger lowerMedian(List<BigInteger> values) {
        List<BigInteger> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }
}
