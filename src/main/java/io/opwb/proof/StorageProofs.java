package io.opwb.proof;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthGetProof;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;

/**
 * Storage proofs of message-passer slots at one L2 block, from a single multi-key
 * {@code eth_getProof}, in the form the portal's on-chain trie verifier accepts.
 */
public final class StorageProofs {

    /** One slot's proof nodes (RLP-encoded trie nodes, root first). */
    public record SlotProof(byte[] slot, List<byte[]> nodes) {
    }

    /** The proofs and the storage root they lead to. */
    public record Result(byte[] storageRoot, Map<String, SlotProof> bySlot) {
        public SlotProof forSlot(byte[] slot) {
            return bySlot.get(Numeric.toHexString(slot));
        }
    }

    private final Web3j l2;

    public StorageProofs(Web3j l2) {
        this.l2 = l2;
    }

    public Result at(BigInteger l2Block, List<byte[]> slots) throws IOException {
        List<String> keys = slots.stream().map(Numeric::toHexString).toList(); // full 32-byte keys: anvil rejects short ones
        EthGetProof response = l2.ethGetProof(Predeploys.L2_TO_L1_MESSAGE_PASSER, keys, Numeric.encodeQuantity(l2Block))
                .send();
        if (response.hasError()) {
            throw new IOException("eth_getProof at L2 block " + l2Block + ": " + response.getError().getMessage());
        }
        Map<String, SlotProof> bySlot = new HashMap<>();
        for (EthGetProof.StorageProof sp : response.getProof().getStorageProof()) {
            byte[] slot = Numeric.toBytesPadded(Numeric.toBigInt(sp.getKey()), 32);
            List<byte[]> nodes = new ArrayList<>();
            for (String node : sp.getProof()) {
                nodes.add(Numeric.hexStringToByteArray(node));
            }
            bySlot.put(Numeric.toHexString(slot), new SlotProof(slot, withInlineLeaf(slot, nodes)));
        }
        return new Result(Numeric.hexStringToByteArray(response.getProof().getStorageHash()), bySlot);
    }

    /**
     * When the last node is a branch that holds the leaf inline (its RLP is under 32 bytes), the
     * portal's trie library needs that leaf as one more proof element. op-node and viem append it
     * too ({@code maybeAddProofNode}); small tries, like a fresh devnet's, are where this happens.
     */
    static List<byte[]> withInlineLeaf(byte[] slot, List<byte[]> nodes) {
        if (nodes.isEmpty()) {
            return nodes;
        }
        RlpList last = (RlpList) RlpDecoder.decode(nodes.get(nodes.size() - 1)).getValues().get(0);
        if (last.getValues().size() != 17) {
            return nodes;
        }
        String path = Numeric.toHexStringNoPrefix(Hash.sha3(slot));
        List<byte[]> out = new ArrayList<>(nodes);
        for (RlpType child : last.getValues()) {
            if (!(child instanceof RlpList inline) || inline.getValues().isEmpty()) {
                continue;
            }
            // The first nibble of the compact path says the node type; the rest must end the key's path.
            String encodedPath = Numeric.toHexStringNoPrefix(((RlpString) inline.getValues().get(0)).getBytes());
            String suffix = encodedPath.length() > 1 ? encodedPath.substring(1) : "";
            if (path.endsWith(suffix)) {
                out.add(RlpEncoder.encode(inline));
            }
        }
        return out;
    }
}
