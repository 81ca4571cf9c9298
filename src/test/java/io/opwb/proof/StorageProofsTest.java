package io.opwb.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/** The inline-leaf rule, on hand-made trie nodes. */
class StorageProofsTest {

    private static final byte[] SLOT = Numeric.hexStringToByteArray("0x" + "ab".repeat(32));

    @Test
    void appendsTheLeafABranchHoldsInline() {
        String path = Numeric.toHexStringNoPrefix(Hash.sha3(SLOT));
        // A leaf with the last three nibbles of the path (odd length: flag 3), value 0x01: RLP under 32 bytes.
        RlpList leaf = new RlpList(RlpString.create(Numeric.hexStringToByteArray("3" + path.substring(61))),
                RlpString.create(new byte[] {1}));
        byte[] branch = branchWith(leaf);
        List<byte[]> out = StorageProofs.withInlineLeaf(SLOT, List.of(new byte[] {(byte) 0xc0}, branch));
        assertEquals(3, out.size());
        assertArrayEquals(RlpEncoder.encode(leaf), out.get(2));
    }

    @Test
    void leavesAProofAloneWhenTheInlineLeafIsAnotherKeys() {
        RlpList other = new RlpList(RlpString.create(Numeric.hexStringToByteArray("3fff")), RlpString.create(new byte[] {1}));
        List<byte[]> proof = List.of(branchWith(other));
        assertEquals(1, StorageProofs.withInlineLeaf(SLOT, proof).size());
    }

    @Test
    void leavesAProofAloneThatEndsInALeaf() {
        byte[] leafNode = RlpEncoder.encode(new RlpList(RlpString.create(new byte[] {0x20, 1}), RlpString.create(new byte[32])));
        assertEquals(1, StorageProofs.withInlineLeaf(SLOT, List.of(leafNode)).size());
    }

    private static byte[] branchWith(RlpList inline) {
        List<RlpType> children = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            children.add(i == 5 ? inline : RlpString.create(new byte[0]));
        }
        children.add(RlpString.create(new byte[0]));
        return RlpEncoder.encode(new RlpList(children));
    }
}
