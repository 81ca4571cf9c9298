package io.opwb.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.web3j.utils.Numeric;

import io.opwb.chain.CallOutcome;

/**
 * The withdrawals a stage left out of a batch, each with why, as its simulations at one L1 block
 * said. Why decides what it costs the withdrawal: see {@link Why}.
 */
public final class LeftOut {

    public enum Why {
        /** The portal would refuse the item (a revert): one attempt used; skipped after the maximum. */
        FAILED,
        /** The portal's call to its target would fail: skipped when seen again at a later L1 block. */
        TARGET_FAILS,
        /** The node gave no verdict (an error of its own): nothing used, tried again next cycle. */
        NO_VERDICT
    }

    public record Entry(Why why, String reason) {
    }

    private final long block;
    private final Map<String, Entry> byHash = new LinkedHashMap<>();

    /** @param block the L1 block the simulations ran against */
    public LeftOut(long block) {
        this.block = block;
    }

    public static LeftOut none() {
        return new LeftOut(0);
    }

    public void add(String withdrawalHash, Why why, String reason) {
        byHash.put(withdrawalHash.toLowerCase(), new Entry(why, reason));
    }

    /**
     * Records a simulation's verdict on one item; true when it passed. A paused portal is nothing
     * about the item: it is thrown, so that the stage holds the chain instead.
     */
    public boolean passed(String withdrawalHash, CallOutcome outcome, Why whenFailed) throws PortalPaused {
        if (outcome instanceof CallOutcome.Failed failed) {
            // Only the portal's own refusal says the portal is paused: a target is a stranger's
            // contract and can revert with the same error to hold every withdrawal of the chain.
            if (whenFailed == Why.FAILED && failed.portalPaused()) {
                throw new PortalPaused(failed.reason());
            }
            add(withdrawalHash, whenFailed, failed.reason());
        } else if (outcome instanceof CallOutcome.NoVerdict none) {
            add(withdrawalHash, Why.NO_VERDICT, none.reason());
        } else {
            return true;
        }
        return false;
    }

    /** The portal refused a simulation because it is paused. */
    public static final class PortalPaused extends Exception {
        public PortalPaused(String reason) {
            super(reason);
        }
    }

    public long block() {
        return block;
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    public Entry of(byte[] withdrawalHash) {
        return byHash.get(Numeric.toHexString(withdrawalHash));
    }

    /** How many items the node gave no verdict on, and the first one's reason; empty when none. */
    public java.util.Optional<String> noVerdicts() {
        List<Entry> held = byHash.values().stream().filter(e -> e.why() == Why.NO_VERDICT).toList();
        return held.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(held.size() + " (the first: " + held.get(0).reason() + ")");
    }

    public List<byte[]> hashes() {
        return byHash.keySet().stream().map(Numeric::hexStringToByteArray).toList();
    }
}
