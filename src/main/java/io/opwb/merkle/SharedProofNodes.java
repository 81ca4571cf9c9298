package io.opwb.merkle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Storage proofs taken at one block share their upper trie nodes. This keeps each distinct node
 * once and gives every proof as a list of indexes into the shared nodes, packed as big-endian
 * uint16 pairs: the form {@code WithdrawalBatcher.proveBatch} takes.
 */
public final class SharedProofNodes {

    /** The most nodes a batch can carry: indexes are uint16. */
    public static final int MAX_NODES = 65_536;

    private final List<byte[]> nodes = new ArrayList<>();
    private final Map<ByteBuffer, Integer> indexOf = new HashMap<>();
    private int referencedBytes;

    /** Adds one proof (root first) and returns its packed node indexes. */
    public byte[] add(List<byte[]> proof) {
        byte[] packed = new byte[proof.size() * 2];
        for (int i = 0; i < proof.size(); i++) {
            byte[] node = proof.get(i);
            referencedBytes += node.length;
            int index = indexOf.computeIfAbsent(ByteBuffer.wrap(node.clone()), key -> {
                if (nodes.size() == MAX_NODES) {
                    throw new IllegalStateException("more than " + MAX_NODES + " distinct proof nodes in one batch");
                }
                nodes.add(node.clone());
                return nodes.size() - 1;
            });
            packed[2 * i] = (byte) (index >>> 8);
            packed[2 * i + 1] = (byte) index;
        }
        return packed;
    }

    /** The calldata bytes the nodes of {@code proof} not yet held would add ({@link CalldataSize#node}). */
    public int newNodeBytes(List<byte[]> proof) {
        java.util.Set<ByteBuffer> seen = new java.util.HashSet<>();
        int bytes = 0;
        for (byte[] node : proof) {
            ByteBuffer key = ByteBuffer.wrap(node);
            if (!indexOf.containsKey(key) && seen.add(key)) {
                bytes += CalldataSize.node(node.length);
            }
        }
        return bytes;
    }

    /** The distinct nodes, in the order the indexes refer to them. */
    public List<byte[]> nodes() {
        return nodes.stream().map(byte[]::clone).toList();
    }

    public int distinctBytes() {
        return nodes.stream().mapToInt(n -> n.length).sum();
    }

    /** Bytes the same proofs would take if each carried all its nodes. */
    public int referencedBytes() {
        return referencedBytes;
    }

    /** Rebuilds one proof from its packed indexes, as the contract does. */
    public static List<byte[]> resolve(byte[] packed, List<byte[]> nodes) {
        List<byte[]> proof = new ArrayList<>();
        for (int i = 0; i + 1 < packed.length; i += 2) {
            proof.add(nodes.get(((packed[i] & 0xff) << 8) | (packed[i + 1] & 0xff)));
        }
        return proof;
    }
}
