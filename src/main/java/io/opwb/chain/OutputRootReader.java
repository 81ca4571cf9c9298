package io.opwb.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthGetProof;
import org.web3j.utils.Numeric;

/**
 * Computes an L2 block's output root from our own L2 node: the block header gives the state root
 * and block hash, {@code eth_getProof} on the message passer gives its storage root.
 */
public final class OutputRootReader {

    private final Web3j l2;

    public OutputRootReader(Web3j l2) {
        this.l2 = l2;
    }

    /**
     * Our output root at {@code l2Block} when it is the one a game claims for our chain ({@code claimedOutputRoot}:
     * an output-root game's root claim, a super-root game's output root for our chain); empty when it differs. The
     * one check every use of a game makes (when it is indexed, before each prove batch, before each manifest chunk).
     *
     * @throws IOException when the node gives no answer: nothing is decided
     */
    public java.util.Optional<OutputRoot> matching(long l2Block, byte[] claimedOutputRoot) throws IOException {
        OutputRoot ours = at(BigInteger.valueOf(l2Block));
        return java.util.Arrays.equals(ours.root(), claimedOutputRoot) ? java.util.Optional.of(ours)
                : java.util.Optional.empty();
    }

    public OutputRoot at(BigInteger l2BlockNumber) throws IOException {
        EthBlock.Block block = l2.ethGetBlockByNumber(DefaultBlockParameter.valueOf(l2BlockNumber), false).send()
                .getBlock();
        if (block == null) {
            throw new IOException("L2 block " + l2BlockNumber + " not found");
        }
        // The block must be given as a hex string: anvil rejects a bare number here.
        EthGetProof proof = l2.ethGetProof(Predeploys.L2_TO_L1_MESSAGE_PASSER, List.of(),
                Numeric.encodeQuantity(l2BlockNumber)).send();
        if (proof.hasError()) {
            throw new IOException("eth_getProof at L2 block " + l2BlockNumber + ": " + proof.getError().getMessage());
        }
        return new OutputRoot(l2BlockNumber, Numeric.hexStringToByteArray(block.getStateRoot()),
                Numeric.hexStringToByteArray(proof.getProof().getStorageHash()),
                Numeric.hexStringToByteArray(block.getHash()));
    }
}
