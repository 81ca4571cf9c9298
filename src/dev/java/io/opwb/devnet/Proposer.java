package io.opwb.devnet;

import java.math.BigInteger;

import org.jboss.logging.Logger;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.contracts.DisputeGameFactory;

/**
 * The devnet's proposer: creates a PermissionedDisputeGame whose root claim is the output root of
 * the newest L2 block, computed from the L2 node exactly as op-proposer would. In the ASR era stand-in flavour it
 * creates the registry's respected type instead ({@code StandInFaultDisputeGame} or {@code StandInSequenceDisputeGame}),
 * whose extra data is the same: the L2 block number as one uint256 word (the games check it is exactly 32 bytes, and
 * read it as {@code l2SequenceNumber()}, and the fault stand-in also as {@code l2BlockNumber()}).
 */
public final class Proposer {

    private static final Logger LOG = Logger.getLogger(Proposer.class);

    /** A game this proposer created. */
    public record ProposedGame(BigInteger index, String address, BigInteger l2BlockNumber, OutputRoot outputRoot,
            TransactionReceipt receipt) {
    }

    private final DevnetSigner signer;
    private final Web3j l2;
    private final OutputRootReader outputRoots;
    private final DisputeGameFactory factory;
    private final BigInteger gameType;
    private BigInteger lastProposed = BigInteger.ZERO;

    Proposer(DevnetSigner signer, Web3j l2, L1Deployment deployment) {
        this.signer = signer;
        this.l2 = l2;
        this.outputRoots = new OutputRootReader(l2);
        this.factory = DisputeGameFactory.load(deployment.disputeGameFactory(), signer.web3j(),
                new ReadonlyTransactionManager(signer.web3j(), signer.address()), new DefaultGasProvider());
        this.gameType = BigInteger.valueOf(deployment.gameType());
    }

    /** Proposes the newest L2 block if it is newer than the last proposal; null if there is nothing new. */
    public synchronized ProposedGame proposeLatest() throws Exception {
        BigInteger head = l2.ethBlockNumber().send().getBlockNumber();
        if (head.compareTo(lastProposed) <= 0) {
            return null;
        }
        return propose(head);
    }

    /**
     * Creates a game for {@code l2Block}, which must be newer than the anchor (block 0 at first); the
     * honest game for that block when the periodic proposer made it already (the factory refuses a
     * second game of the same type, root and block: GameAlreadyExists).
     */
    public synchronized ProposedGame propose(BigInteger l2Block) throws Exception {
        OutputRoot root = settledRoot(l2Block);
        ProposedGame existing = existing(l2Block, root);
        return existing != null ? existing : create(l2Block, root);
    }

    /** The game claiming {@code root} for {@code l2Block}, if one was created; its receipt is not kept. */
    private ProposedGame existing(BigInteger l2Block, OutputRoot root) throws Exception {
        String proxy = factory.games(gameType, root.root(), extraData(l2Block)).send().component1();
        if (proxy == null || new BigInteger(Numeric.cleanHexPrefix(proxy), 16).signum() == 0) {
            return null;
        }
        for (BigInteger i = factory.gameCount().send().subtract(BigInteger.ONE); i.signum() >= 0; i = i.subtract(BigInteger.ONE)) {
            if (factory.gameAtIndex(i).send().component3().equalsIgnoreCase(proxy)) {
                return new ProposedGame(i, proxy, l2Block, root, null);
            }
        }
        return null;
    }

    private static byte[] extraData(BigInteger l2Block) {
        return Numeric.hexStringToByteArray(TypeEncoder.encode(new Uint256(l2Block)));
    }

    /**
     * The block's output root, read until two reads agree: while traffic mines the next block,
     * anvil may answer eth_getProof at the head block from the newer state (seen once in the demo;
     * the service then rightly refused to prove against that game).
     */
    private OutputRoot settledRoot(BigInteger l2Block) throws Exception {
        return settledRoot(outputRoots, l2Block);
    }

    static OutputRoot settledRoot(OutputRootReader outputRoots, BigInteger l2Block) throws Exception {
        OutputRoot root = outputRoots.at(l2Block);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(50);
            OutputRoot again = outputRoots.at(l2Block);
            if (java.util.Arrays.equals(again.root(), root.root())) {
                return root;
            }
            root = again;
        }
        return root;
    }

    /**
     * Creates a game for {@code l2Block} that claims a wrong output root (the true one with its
     * state root altered): what a faulty or malicious proposer would do.
     */
    public synchronized ProposedGame proposeWrongRoot(BigInteger l2Block) throws Exception {
        OutputRoot honest = outputRoots.at(l2Block);
        byte[] stateRoot = honest.stateRoot();
        stateRoot[31] ^= 1;
        return create(l2Block, new OutputRoot(l2Block, stateRoot, honest.messagePasserStorageRoot(), honest.blockHash()));
    }

    /**
     * Creates a game for {@code l2Block} that claims exactly {@code root}: on a permissionless chain,
     * anyone may create one with a root made up to prove a withdrawal of their choosing.
     */
    public synchronized ProposedGame proposeClaiming(BigInteger l2Block, OutputRoot root) throws Exception {
        BigInteger honestSoFar = lastProposed;
        ProposedGame game = create(l2Block, root);
        lastProposed = honestSoFar; // the block still wants an honest game
        return game;
    }

    private ProposedGame create(BigInteger l2Block, OutputRoot root) throws Exception {
        byte[] extraData = extraData(l2Block);
        BigInteger bond = factory.initBonds(gameType).send();
        String data = factory.create(gameType, root.root(), extraData, bond).encodeFunctionCall();
        TransactionReceipt receipt = signer.send(factory.getContractAddress(), data, bond);
        BigInteger index = factory.gameCount().send().subtract(BigInteger.ONE);
        String game = factory.gameAtIndex(index).send().component3();
        lastProposed = lastProposed.max(l2Block);
        LOG.infof("proposer: game #%s at %s claims L2 block %s (output root %s)", index, game, l2Block, root.rootHex());
        return new ProposedGame(index, game, l2Block, root, receipt);
    }

    BigInteger lastProposed() {
        return lastProposed;
    }
}
