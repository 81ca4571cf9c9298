package io.opwb.merkle;

import java.util.List;

/**
 * The ABI-encoded size of our batches' calldata, item by item, so that a batch can be closed before
 * it is too large to send: L1 nodes refuse transactions over 128 KiB (geth's and op-geth's pool,
 * {@code txMaxSize}), and a withdrawal's calldata is chosen by a stranger. Exact for the structs;
 * proof nodes count as they are shared ({@link SharedProofNodes}).
 */
public final class CalldataSize {

    private static final int WORD = 32;

    /** Selector, game index, output root proof (4 words), two array offsets and two array lengths. */
    public static final int PROVE_BATCH_BASE = 4 + 9 * WORD;
    /**
     * proveBatchAgainstSuperRoot's part beyond {@link #PROVE_BATCH_BASE} (the game's address takes the index's
     * word): the output root index, the super root proof's offset, its version, timestamp, array offset and
     * length, and two words per chain in it.
     */
    public static int superRootProveBatchExtra(int chains) {
        return (6 + 2 * chains) * WORD;
    }

    /** Selector, one array offset and its length. */
    public static final int FINALIZE_BATCH_BASE = 4 + 2 * WORD;
    /**
     * A manifest chunk's own part, generously: the signed manifest (its fields, the signer, a
     * 65-byte signature), the output root proof, the multiproof's two array heads.
     */
    public static final int MANIFEST_CHUNK_BASE = 4 + 40 * WORD;

    private CalldataSize() {
    }

    static int padded(int bytes) {
        return (bytes + WORD - 1) / WORD * WORD;
    }

    /** One {@code WithdrawalTransaction} struct: six head words, the data's length and its padded bytes. */
    public static int transaction(int dataLength) {
        return 7 * WORD + padded(dataLength);
    }

    /** One prove item (without the nodes it shares with others): its offset, its head, the transaction, the node indexes. */
    public static int proveItem(int proofNodes, int dataLength) {
        return WORD + 2 * WORD + transaction(dataLength) + WORD + padded(2 * proofNodes);
    }

    /** One finalize item: its offset, its head (the transaction's offset, the proof submitter), the transaction. */
    public static int finalizeItem(int dataLength) {
        return WORD + 2 * WORD + transaction(dataLength);
    }

    /**
     * A manifest item's part beyond its batch item: its leaf index, and its share of the multiproof (at
     * most one hash and one flag per leaf, and the flags' word each).
     */
    public static final int MANIFEST_ITEM_EXTRA = 4 * WORD;

    /** One proof node in the shared list: its offset, its length and its padded bytes. */
    public static int node(int nodeLength) {
        return 2 * WORD + padded(nodeLength);
    }

    /** All of a proof's nodes as if none were shared (a bound for manifest chunks, which share per chunk). */
    public static int unsharedNodes(List<byte[]> proof) {
        return proof.stream().mapToInt(n -> node(n.length)).sum();
    }
}
