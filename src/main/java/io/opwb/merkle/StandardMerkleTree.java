package io.opwb.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;

import org.web3j.crypto.Hash;

/**
 * A Merkle tree built exactly as OpenZeppelin's {@code StandardMerkleTree} (npm
 * {@code @openzeppelin/merkle-tree}) builds it, so that its root, proofs and multiproofs check with
 * OpenZeppelin's {@code MerkleProof} on chain and with the npm package off chain: leaves are given
 * as their hashes (see {@link ManifestLeaf}), sorted, laid out as a complete binary tree in an
 * array (leaves at the end, in reverse), and pairs are hashed sorted.
 */
public final class StandardMerkleTree {

    /** A chunk's proof: its values (their indexes, in the order the proof needs them), sibling hashes, flags. */
    public record MultiProof(List<Integer> valueIndexes, List<byte[]> proof, List<Boolean> flags) {
    }

    private final byte[][] tree;
    private final int[] treeIndexOfValue;
    /** The value at each sorted leaf position (leaf {@code i} of the tree array is {@code tree.length - 1 - i}). */
    private final int[] valueOfSorted;

    private StandardMerkleTree(byte[][] tree, int[] treeIndexOfValue, int[] valueOfSorted) {
        this.tree = tree;
        this.treeIndexOfValue = treeIndexOfValue;
        this.valueOfSorted = valueOfSorted;
    }

    /** The tree over these leaf hashes, given in value order (value i is leaf {@code leafHashes.get(i)}). */
    public static StandardMerkleTree of(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        int n = leafHashes.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (leafHashes.get(i).length != 32) {
                throw new IllegalArgumentException("leaf " + i + " is not a 32-byte hash");
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(leafHashes::get, Arrays::compareUnsigned));
        byte[][] tree = new byte[2 * n - 1][];
        int[] treeIndexOfValue = new int[n];
        int[] valueOfSorted = new int[n];
        for (int sorted = 0; sorted < n; sorted++) {
            int treeIndex = tree.length - 1 - sorted;
            tree[treeIndex] = leafHashes.get(order[sorted]).clone();
            treeIndexOfValue[order[sorted]] = treeIndex;
            valueOfSorted[sorted] = order[sorted];
        }
        for (int i = tree.length - 1 - n; i >= 0; i--) {
            tree[i] = hashPair(tree[2 * i + 1], tree[2 * i + 2]);
        }
        return new StandardMerkleTree(tree, treeIndexOfValue, valueOfSorted);
    }

    public byte[] root() {
        return tree[0].clone();
    }

    public int size() {
        return treeIndexOfValue.length;
    }

    /** Where value {@code valueIndex} sits in the tree array (OpenZeppelin's {@code treeIndex}). */
    public int treeIndex(int valueIndex) {
        return treeIndexOfValue[valueIndex];
    }

    /** Every node of the tree, root first: OpenZeppelin's dump format {@code tree}. */
    public List<byte[]> nodes() {
        return Arrays.stream(tree).map(byte[]::clone).toList();
    }

    /** The proof of one value: sibling hashes from its leaf up. */
    public List<byte[]> proof(int valueIndex) {
        List<byte[]> proof = new ArrayList<>();
        for (int i = treeIndex(valueIndex); i > 0; i = parent(i)) {
            proof.add(tree[sibling(i)].clone());
        }
        return proof;
    }

    /** One proof for several values, as OpenZeppelin's {@code getMultiProof} makes it. */
    public MultiProof multiProof(Collection<Integer> valueIndexes) {
        List<Integer> indices = new ArrayList<>();
        for (int v : valueIndexes) {
            indices.add(treeIndex(v));
        }
        indices.sort(Comparator.reverseOrder());
        for (int p = 1; p < indices.size(); p++) {
            if (indices.get(p).equals(indices.get(p - 1))) {
                throw new IllegalArgumentException("a value appears twice in the multiproof");
            }
        }
        LinkedList<Integer> stack = new LinkedList<>(indices);
        List<byte[]> proof = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        while (!stack.isEmpty() && stack.getFirst() > 0) {
            int j = stack.removeFirst();
            int s = sibling(j);
            if (!stack.isEmpty() && stack.getFirst() == s) {
                flags.add(true);
                stack.removeFirst();
            } else {
                flags.add(false);
                proof.add(tree[s].clone());
            }
            stack.addLast(parent(j));
        }
        if (indices.isEmpty()) {
            proof.add(tree[0].clone());
        }
        List<Integer> values = new ArrayList<>();
        for (int treeIndex : indices) {
            values.add(valueAt(treeIndex));
        }
        return new MultiProof(values, proof, flags);
    }

    /** Whether {@code proof} takes {@code leaf} to {@code root} (OpenZeppelin's {@code MerkleProof.verify}). */
    public static boolean verify(byte[] root, byte[] leaf, List<byte[]> proof) {
        byte[] node = leaf;
        for (byte[] sibling : proof) {
            node = hashPair(node, sibling);
        }
        return Arrays.equals(node, root);
    }

    /** keccak256 of the two nodes, the smaller first. */
    static byte[] hashPair(byte[] a, byte[] b) {
        byte[] both = new byte[64];
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        System.arraycopy(aFirst ? a : b, 0, both, 0, 32);
        System.arraycopy(aFirst ? b : a, 0, both, 32, 32);
        return Hash.sha3(both);
    }

    private int valueAt(int treeIndex) {
        return valueOfSorted[tree.length - 1 - treeIndex];
    }

    private static int sibling(int i) {
        return i % 2 == 0 ? i - 1 : i + 1;
    }

    private static int parent(int i) {
        return (i - 1) / 2;
    }
}
