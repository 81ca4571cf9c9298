package io.opwb.chain;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;

import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A version-1 super root (interop spec, {@code superroot.md}): the output roots of a set of chains at one L2
 * timestamp. Its preimage is {@code 0x01 ++ uint64 timestamp ++ (uint256 chainId ++ bytes32 outputRoot)…}, the
 * entries sorted by chain id, and the super root, what a super-root game claims, is that preimage's keccak256.
 *
 * @param timestamp the L2 timestamp every output root is taken at (the last block at or before it, per chain)
 * @param outputRoots one per chain, in strictly ascending chain id order; never empty
 */
public record SuperRoot(long timestamp, List<OutputRootWithChainId> outputRoots) {

    /** The only super root version there is. */
    public static final byte VERSION = 1;

    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    /** One chain's output root inside a super root. */
    public record OutputRootWithChainId(BigInteger chainId, byte[] root) {
        public OutputRootWithChainId {
            if (chainId.signum() < 0 || chainId.compareTo(UINT256_LIMIT) >= 0) {
                throw new IllegalArgumentException("a chain id is a uint256: " + chainId);
            }
            if (root.length != 32) {
                throw new IllegalArgumentException("an output root has 32 bytes, not " + root.length);
            }
            root = root.clone();
        }

        @Override
        public byte[] root() {
            return root.clone();
        }
    }

    public SuperRoot {
        if (timestamp < 0) {
            throw new IllegalArgumentException("a super root's timestamp is never negative: " + timestamp);
        }
        if (outputRoots.isEmpty()) {
            throw new IllegalArgumentException("a super root holds at least one output root");
        }
        outputRoots = List.copyOf(outputRoots);
        // Sorted and unique, or the preimage is not the one every other party builds for the same chains.
        for (int i = 1; i < outputRoots.size(); i++) {
            BigInteger previous = outputRoots.get(i - 1).chainId();
            BigInteger current = outputRoots.get(i).chainId();
            if (current.compareTo(previous) == 0) {
                throw new IllegalArgumentException("chain " + current + " appears twice in the super root");
            }
            if (current.compareTo(previous) < 0) {
                throw new IllegalArgumentException("the super root's chain ids are not in ascending order: "
                        + previous + " before " + current);
            }
        }
    }

    /** A super root of one chain: what a chain proving against super roots on its own claims. */
    public static SuperRoot ofOneChain(long timestamp, BigInteger chainId, byte[] outputRoot) {
        return new SuperRoot(timestamp, List.of(new OutputRootWithChainId(chainId, outputRoot)));
    }

    /** {@code 0x01 ++ uint64 timestamp ++ (uint256 chainId ++ bytes32 outputRoot)…}. */
    public byte[] preimage() {
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 64 * outputRoots.size()).put(VERSION).putLong(timestamp);
        for (OutputRootWithChainId entry : outputRoots) {
            out.put(Numeric.toBytesPadded(entry.chainId(), 32)).put(entry.root());
        }
        return out.array();
    }

    /** The super root: keccak256 of the preimage. */
    public byte[] hash() {
        return Hash.sha3(preimage());
    }

    /** Where {@code chainId}'s output root is in {@link #outputRoots()}; -1 when the super root has none for it. */
    public int indexOf(BigInteger chainId) {
        for (int i = 0; i < outputRoots.size(); i++) {
            if (outputRoots.get(i).chainId().equals(chainId)) {
                return i;
            }
        }
        return -1;
    }
}
