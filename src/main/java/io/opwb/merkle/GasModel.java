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
    /** WithdrawalBatcher.FINALIZE_OVERHEAD_GAS, SAFE_CALL_RESERVE and PROXY_OVERHEAD_GAS. */
    public static final long FINALIZE_OVERHEAD_GAS = 100_000;
    public static final long SAFE_CALL_RESERVE = 40_000;
    public static final long PROXY_OVERHEAD_GAS = 10_000;
    /** Calldata: at most 16 gas a byte (40 under EIP-7623's floor, which execution-heavy batches do not hit). */
    public static final long CALLDATA_GAS_PER_BYTE = 16;

    /**
     * A manifest chunk on top of BATCH_BASE_GAS: the signed manifest's calldata, the EIP-712
     * digest and signature check, the first write of the executed-leaf bitmap, the summary event.
     */
    public static final long MANIFEST_CHUNK_GAS = 70_000;
    /** A manifest item on top of its portal work: leaf index, leaf hash, its share of the multiproof, its bit. */
    public static final long MANIFEST_ITEM_GAS = 8_000;

    private static final BigInteger B64 = BigInteger.valueOf(64);
    private static final BigInteger B63 = BigInteger.valueOf(63);

    private GasModel() {
    }

    public static long proveItem(int proofNodes, int dataBytes) {
        return PROVE_BASE_GAS + proofNodes * PROVE_GAS_PER_NODE + (256L + dataBytes) * CALLDATA_GAS_PER_BYTE;
    }

    /** Before the proof is known: a deep (OP Mainnet-sized) trie has about 8 to 10 nodes. */
    public static long proveItemEstimate(int dataBytes) {
        return proveItem(10, dataBytes);
    }

    /** WithdrawalBatcher.finalizeGasNeeded without data. */
    public static long finalizeGasNeeded(BigInteger gasLimit) {
        return finalizeGasNeeded(gasLimit, 0);
    }

    /**
     * WithdrawalBatcher.finalizeGasNeeded: the gas forwarded to the portal, our call's 63/64 cut, and
     * our own copy of the data between the check and the call.
     */
    public static long finalizeGasNeeded(BigInteger gasLimit, int dataBytes) {
        return BigInteger.valueOf(finalizeGasForwarded(gasLimit, dataBytes)).multiply(B64).divide(B63).longValueExact()
                + finalizeDataGas(dataBytes);
    }

    /** WithdrawalBatcher.finalizeGasForwarded without data. */
    public static long finalizeGasForwarded(BigInteger gasLimit) {
        return finalizeGasForwarded(gasLimit, 0);
    }

    /**
     * WithdrawalBatcher.finalizeGasForwarded: the gas our batcher gives the portal proxy for one
     * finalize, two 63/64 cuts (the proxy's delegatecall, the portal's call to the target) above the
     * gas limit, plus the portal's own overhead and its work on the data.
     */
    public static long finalizeGasForwarded(BigInteger gasLimit, int dataBytes) {
        return implementationGas(gasLimit, dataBytes).multiply(B64).divide(B63)
                .add(BigInteger.valueOf(PROXY_OVERHEAD_GAS)).longValueExact();
    }

    /**
     * WithdrawalBatcher.finalizeDataGas: copies, hashes and memory of a withdrawal's data, bounded as
     * if three copies shared one frame (EVM memory: 3 gas a word and words^2 / 512).
     */
    public static long finalizeDataGas(int dataBytes) {
        long words = (dataBytes + 31L) / 32;
        long memoryWords = 3 * words;
        return 21 * words + 3 * memoryWords + memoryWords * memoryWords / 512;
    }

    /**
     * The most gas a withdrawal's target can be given inside our finalize batch: its gas limit plus
     * the part of the portal's overhead and reserve the portal did not spend. A target that fails
     * with this much (but not with its gas limit) is one that behaves differently when given more.
     */
    public static BigInteger maxTargetGas(BigInteger gasLimit, int dataBytes) {
        return implementationGas(gasLimit, dataBytes);
    }

    private static BigInteger implementationGas(BigInteger gasLimit, int dataBytes) {
        return gasLimit.multiply(B64).divide(B63)
                .add(BigInteger.valueOf(SAFE_CALL_RESERVE + FINALIZE_OVERHEAD_GAS + finalizeDataGas(dataBytes)));
    }

    public static long finalizeItem(BigInteger gasLimit, int dataBytes) {
        return finalizeGasNeeded(gasLimit, dataBytes) + (256L + dataBytes) * CALLDATA_GAS_PER_BYTE;
    }

    /**
     * The gas limit of a transaction whose execution must get {@code executionGas}: an eth_call of the
     * portal's call to a target is a top-level transaction, which pays intrinsic gas (21k and its
     * calldata) first, and since EIP-7623 must cover the calldata floor (10 gas a token, 4 tokens a
     * non-zero byte). The portal's own call pays neither, so without this a withdrawal with much data
     * would fail in simulation only.
     */
    public static BigInteger transactionGasFor(BigInteger executionGas, byte[] data) {
        long zero = 0;
        for (byte b : data) {
            if (b == 0) {
                zero++;
            }
        }
        long nonZero = data.length - zero;
        long standard = 21_000 + zero * 4 + nonZero * 16;
        long floor = 21_000 + (zero + nonZero * 4) * 10;
        return executionGas.add(BigInteger.valueOf(standard)).max(BigInteger.valueOf(floor));
    }

    /** The largest withdrawal gas limit a finalize batch of this budget can take alone. */
    public static BigInteger maxFinalizeGasLimit(long gasBudget) {
        // invert finalizeGasNeeded (the item's calldata is small against the cap: 10k gas of margin)
        long proxy = (gasBudget - BATCH_BASE_GAS - 10_000) * 63 / 64;
        long implementation = (proxy - PROXY_OVERHEAD_GAS) * 63 / 64;
        long target = (implementation - SAFE_CALL_RESERVE - FINALIZE_OVERHEAD_GAS) * 63 / 64;
        return BigInteger.valueOf(Math.max(0, target - 64));
    }
}
