package io.opwb.merkle;

import java.math.BigInteger;
import java.util.List;

import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One withdrawal of a manifest as a leaf of its {@link StandardMerkleTree}: the values
 * (uint256 leafIndex, bytes32 withdrawalHash, address proofSubmitter), hashed as OpenZeppelin's
 * standard leaf, {@code keccak256(bytes.concat(keccak256(abi.encode(values))))}, the same as
 * {@code WithdrawalBatcher.manifestLeaf}. To prove, the proof submitter is the batcher itself.
 */
public record ManifestLeaf(long leafIndex, byte[] withdrawalHash, String proofSubmitter) {

    /** The leaf encoding, as StandardMerkleTree.of / verify take it. */
    public static final List<String> ENCODING = List.of("uint256", "bytes32", "address");

    public ManifestLeaf {
        if (withdrawalHash.length != 32) {
            throw new IllegalArgumentException("a withdrawal hash has 32 bytes");
        }
    }

    /** The manifest's tree: these leaves, in leaf order. */
    public static StandardMerkleTree tree(List<ManifestLeaf> leaves) {
        return StandardMerkleTree.of(leaves.stream().map(ManifestLeaf::hash).toList());
    }

    public byte[] hash() {
        byte[] encoded = new byte[96];
        word(encoded, 0, Numeric.toBytesPadded(BigInteger.valueOf(leafIndex), 32));
        word(encoded, 1, withdrawalHash);
        word(encoded, 2, Numeric.toBytesPadded(Numeric.toBigInt(proofSubmitter), 32));
        return Hash.sha3(Hash.sha3(encoded));
    }

    /** The values as the npm package's JSON has them (numbers as decimal strings, bytes as 0x hex). */
    public List<String> values() {
        return List.of(Long.toString(leafIndex), Numeric.toHexString(withdrawalHash), proofSubmitter.toLowerCase());
    }

    private static void word(byte[] into, int index, byte[] word) {
        System.arraycopy(word, 0, into, index * 32, 32);
    }
}
