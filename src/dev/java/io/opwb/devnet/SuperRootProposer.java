package io.opwb.devnet;

import java.math.BigInteger;

import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.SuperRoot;
import io.opwb.chain.contracts.DisputeGameFactory;

/**
 * Creates super-root games ({@code StandInSuperDisputeGame}) for the devnet L2 through the real 0.17.3 factory: the
 * claim is a single-chain super root, the L2's chain id with the output root of its last block at or before the
 * super root's timestamp, as op-proposer computes one for a chain proving against super roots on its own. The
 * stand-in game's extra data is {@code uint256 timestamp ++ preimage} (see {@code StandInDisputeGames.sol}).
 */
public final class SuperRootProposer {

    private static final Logger LOG = Logger.getLogger(SuperRootProposer.class);

    /** A game this proposer created, with what a prover needs: the preimage and the chain's output root in it. */
    public record ProposedSuperRoot(BigInteger index, String address, SuperRoot superRoot, BigInteger l2BlockNumber,
            OutputRoot outputRoot, TransactionReceipt receipt) {
    }

    private final DevnetSigner signer;
    private final Web3j l2;
    private final BigInteger l2ChainId;
    private final OutputRootReader outputRoots;
    private final DisputeGameFactory factory;
    private final BigInteger gameType;
    private long lastProposedTimestamp = -1;

    /**
     * @param signer who creates the games on L1 (pays the factory's bond for {@code gameType})
     * @param gameType a type whose implementation on {@code factory} is a {@code StandInSuperDisputeGame}
     */
    public SuperRootProposer(DevnetSigner signer, Web3j l2, long l2ChainId, String factory, BigInteger gameType) {
        this.signer = signer;
        this.l2 = l2;
        this.l2ChainId = BigInteger.valueOf(l2ChainId);
        this.outputRoots = new OutputRootReader(l2);
        this.factory = DisputeGameFactory.load(factory, signer.web3j(),
                new ReadonlyTransactionManager(signer.web3j(), signer.address()), new DefaultGasProvider());
        this.gameType = gameType;
    }

    /** A game for the super root at the L2 head's timestamp. */
    public ProposedSuperRoot proposeLatest() throws Exception {
        BigInteger head = l2.ethBlockNumber().send().getBlockNumber();
        return propose(timestampOf(head));
    }

    /**
     * A game for the super root at the L2 head's timestamp, unless this proposer already made one there (the factory
     * refuses the same claim twice): the devnet's actors call it on a cadence, while the L2 mines only on traffic.
     */
    public synchronized ProposedSuperRoot proposeLatestIfNew() throws Exception {
        long timestamp = timestampOf(l2.ethBlockNumber().send().getBlockNumber());
        if (timestamp <= lastProposedTimestamp) {
            return null;
        }
        ProposedSuperRoot proposed = propose(timestamp);
        lastProposedTimestamp = timestamp;
        return proposed;
    }

    /** A game for the super root at {@code timestamp} (the L2 must have a block at or before it). */
    public ProposedSuperRoot propose(long timestamp) throws Exception {
        BigInteger block = lastBlockAtOrBefore(timestamp);
        OutputRoot root = Proposer.settledRoot(outputRoots, block);
        SuperRoot superRoot = SuperRoot.ofOneChain(timestamp, l2ChainId, root.root());

        BigInteger bond = factory.initBonds(gameType).send();
        String data = factory.create(gameType, superRoot.hash(), extraData(superRoot), bond).encodeFunctionCall();
        TransactionReceipt receipt = signer.send(factory.getContractAddress(), data, bond);
        BigInteger index = factory.gameCount().send().subtract(BigInteger.ONE);
        String game = factory.gameAtIndex(index).send().component3();
        LOG.infof("super-root proposer: game #%s at %s claims super root %s (timestamp %d: L2 block %s, "
                + "output root %s)", index, game, Numeric.toHexString(superRoot.hash()), timestamp, block, root.rootHex());
        return new ProposedSuperRoot(index, game, superRoot, block, root, receipt);
    }

    /** The stand-in super game's extra data: the sequence number (the timestamp) as a word, then the preimage. */
    public static byte[] extraData(SuperRoot superRoot) {
        byte[] sequenceNumber = Numeric.toBytesPadded(BigInteger.valueOf(superRoot.timestamp()), 32);
        byte[] preimage = superRoot.preimage();
        byte[] out = new byte[32 + preimage.length];
        System.arraycopy(sequenceNumber, 0, out, 0, 32);
        System.arraycopy(preimage, 0, out, 32, preimage.length);
        return out;
    }

    /** Binary search: L2 timestamps never decrease with the block number. */
    BigInteger lastBlockAtOrBefore(long timestamp) throws Exception {
        long low = 0;
        long high = l2.ethBlockNumber().send().getBlockNumber().longValueExact();
        if (timestampOf(BigInteger.ZERO) > timestamp) {
            throw new IllegalArgumentException("the L2 has no block at or before timestamp " + timestamp);
        }
        while (low < high) {
            long middle = (low + high + 1) / 2;
            if (timestampOf(BigInteger.valueOf(middle)) <= timestamp) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return BigInteger.valueOf(low);
    }

    private long timestampOf(BigInteger block) throws Exception {
        return l2.ethGetBlockByNumber(DefaultBlockParameter.valueOf(block), false).send().getBlock().getTimestamp()
                .longValueExact();
    }
}
