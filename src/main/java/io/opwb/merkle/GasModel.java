package io.opwb.merkle;

import java.math.BigInteger;

/**
 * Upper bounds of the gas one batch item may need, mirroring WithdrawalBatcher's gas guards: a
 * batch given the sum of its items' bounds never skips an item for lack of gas.
 */
public final class GasModel {

    /** The batch transaction itself: 21k, calldata, the loop's fixed costs, the summary event. */
    public static final long BATCH_BASE_GAS = 120_000;
    /** WithdrawalBatcher.PROVE_BASE_GAS and PROVE_GAS_PER_NODE. */
    public static final long PROVE_BASE_GAS = 150_000;
    public static final long PROVE_GAS_PER_NODE = 30_000;
    /** WithdrawalBatcher.FINALIZE_OVERHEAD_GAS. */
    public static final long FINALIZE_OVERHEAD_GAS = 120_000;
    /** Calldata: at most 16 gas a byte (40 under EIP-7623's floor, which execution-heavy batches do not hit). */
    public static final long CALLDATA_GAS_PER_BYTE = 16;

    private GasModel() {
    }

    public static long proveItem(int proofNodes, int dataBytes) {
        return PROVE_BASE_GAS + proofNodes * PROVE_GAS_PER_NODE + (256L + dataBytes) * CALLDATA_GAS_PER_BYTE;
    }

    /** Before the proof is known: a deep (OP Mainnet-sized) trie has about 8 to 10 nodes. */
    public static long proveItemEstimate(int dataBytes) {
        return proveItem(10, dataBytes);
    }

    /** What the contract's guard asks for: the portal gets 63/64 of what is left. */
    public static long finalizeItem(BigInteger gasLimit, int dataBytes) {
        BigInteger portalNeeds = gasLimit.multiply(BigInteger.valueOf(64)).divide(BigInteger.valueOf(63))
                .add(BigInteger.valueOf(FINALIZE_OVERHEAD_GAS));
        return portalNeeds.multiply(BigInteger.valueOf(64)).divide(BigInteger.valueOf(63)).longValueExact()
                + (256L + dataBytes) * CALLDATA_GAS_PER_BYTE;
    }

    /** The largest withdrawal gas limit a finalize batch of this budget can take alone. */
    public static BigInteger maxFinalizeGasLimit(long gasBudget) {
        long room = gasBudget - BATCH_BASE_GAS;
        // invert finalizeItem (ignoring the item's calldata, which is small against the cap)
        long portal = room * 63 / 64;
        long target = (portal - FINALIZE_OVERHEAD_GAS) * 63 / 64;
        return BigInteger.valueOf(Math.max(0, target - 1_000));
    }
}
