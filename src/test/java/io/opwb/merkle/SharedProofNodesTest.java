package io.opwb.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Deduplicated proof nodes and big-endian uint16 indexes. */
class SharedProofNodesTest {

    static byte[] node(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    /** A distinct 4-byte node for each n. */
    static byte[] numbered(int n) {
        return node(0xf8, n >>> 16, n >>> 8, n);
    }

    static void assertSameNodes(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "node " + i);
        }
    }

    @Test
    void identicalNodesAreStoredOnce() {
        SharedProofNodes shared = new SharedProofNodes();
        byte[] root = node(1, 2, 3);
        byte[] branch = node(4, 5);
        byte[] leafA = node(6);
        byte[] leafB = node(7, 7);
        byte[] first = shared.add(List.of(root, branch, leafA));
        // equal content in new arrays counts as the same node
        byte[] second = shared.add(List.of(node(1, 2, 3), node(4, 5), leafB));

        assertSameNodes(List.of(root, branch, leafA, leafB), shared.nodes());
        assertArrayEquals(node(0, 0, 0, 1, 0, 2), first);
        assertArrayEquals(node(0, 0, 0, 1, 0, 3), second);
        assertEquals(3 + 2 + 1 + 2, shared.distinctBytes());
        assertEquals((3 + 2 + 1) + (3 + 2 + 2), shared.referencedBytes());
    }

    @Test
    void aNodeRepeatedWithinOneProofIsStoredOnce() {
        SharedProofNodes shared = new SharedProofNodes();
        byte[] packed = shared.add(List.of(node(9), node(8), node(9)));
        assertArrayEquals(node(0, 0, 0, 1, 0, 0), packed);
        assertEquals(2, shared.nodes().size());
    }

    @Test
    void indexesArePackedAsBigEndianUint16() {
        SharedProofNodes shared = new SharedProofNodes();
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(numbered(i));
        }
        shared.add(many);
        byte[] packed = shared.add(List.of(numbered(299), numbered(256), numbered(255), numbered(1)));
        assertArrayEquals(node(0x01, 0x2b, 0x01, 0x00, 0x00, 0xff, 0x00, 0x01), packed);
    }

    @Test
    void resolveRoundTrips() {
        SharedProofNodes shared = new SharedProofNodes();
        List<List<byte[]>> proofs = List.of(
                List.of(node(1, 1), node(2, 2), node(3, 3)),
                List.of(node(1, 1), node(2, 2), node(4, 4), node(5)),
                List.of(node(1, 1), node(6)),
                List.of());
        List<byte[]> packed = new ArrayList<>();
        for (List<byte[]> p : proofs) {
            packed.add(shared.add(p));
        }
        List<byte[]> nodes = shared.nodes();
        for (int i = 0; i < proofs.size(); i++) {
            assertSameNodes(proofs.get(i), SharedProofNodes.resolve(packed.get(i), nodes));
        }
        assertEquals(0, packed.get(3).length);
    }

    @Test
    void storedNodesAreCopies() {
        SharedProofNodes shared = new SharedProofNodes();
        byte[] mutable = node(1, 2, 3);
        shared.add(List.of(mutable));
        mutable[0] = 99;
        assertArrayEquals(node(1, 2, 3), shared.nodes().get(0));
        shared.nodes().get(0)[1] = 99;
        assertArrayEquals(node(1, 2, 3), shared.nodes().get(0));
        // the changed array is a new node, not the stored one
        assertArrayEquals(node(0, 1), shared.add(List.of(mutable)));
    }

    @Test
    void holds65536DistinctNodesAndThrowsOnTheNext() {
        SharedProofNodes shared = new SharedProofNodes();
        List<byte[]> all = new ArrayList<>(SharedProofNodes.MAX_NODES);
        for (int i = 0; i < SharedProofNodes.MAX_NODES; i++) {
            all.add(numbered(i));
        }
        byte[] packed = shared.add(all);
        assertEquals(65_536, SharedProofNodes.MAX_NODES);
        assertEquals(65_536, shared.nodes().size());
        assertEquals((byte) 0xff, packed[packed.length - 2]);
        assertEquals((byte) 0xff, packed[packed.length - 1]);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> shared.add(List.of(numbered(SharedProofNodes.MAX_NODES))));
        assertTrue(e.getMessage().contains("65536"), e.getMessage());
        assertEquals(65_536, shared.nodes().size());

        // nodes already held can still be referenced
        assertArrayEquals(node(0xff, 0xff, 0, 0), shared.add(List.of(numbered(65_535), numbered(0))));
    }
}
