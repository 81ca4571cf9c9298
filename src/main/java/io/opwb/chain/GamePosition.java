package io.opwb.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;

import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.OpDisputeGameViews;

/**
 * Which L2 block a dispute game's claim is about, and what it claims for our chain, asked of the game by
 * interface rather than assumed: single-chain fault games answer {@code l2BlockNumber()}; games of op-contracts
 * v4 and later, and other kinds (Base's multi-proof games, ZK games), answer {@code l2SequenceNumber()}, which
 * is the L2 block number for an output-root claim. A super-root game claims a root over the output roots of
 * several chains at one L2 timestamp (its {@code l2SequenceNumber()}); its output root for our chain is its
 * {@code rootClaimByChainId}, and its L2 block, the last one at or before that timestamp, is found later on our
 * own L2 node ({@link #UNPLACED} until then). A game that answers none of this, or one the portal cannot prove
 * against, is reported, never a reason to stop reading the chain.
 *
 * @param superRootTimestamp the super root's L2 timestamp; null for an output-root game
 * @param outputRoot the super-root game's output root for our chain; null for an output-root game (its root
 *        claim is that)
 */
public record GamePosition(long l2Block, Long superRootTimestamp, byte[] outputRoot, String unusableReason) {

    /** A super-root game's L2 block before it is found by timestamp on our L2 node. */
    public static final long UNPLACED = -1;

    /**
     * Game types whose root claim is a super root, named as op-contracts' GameTypes names them
     * (ethereum-optimism/optimism packages/contracts-bedrock/src/dispute/lib/Types.sol @ 04613cdc).
     */
    static final Map<Long, String> SUPER_ROOT_TYPES = Map.of(4L, "SUPER_CANNON", 5L, "SUPER_PERMISSIONED",
            7L, "SUPER_ASTERISC_KONA", 9L, "SUPER_CANNON_KONA");

    public boolean usable() {
        return unusableReason == null;
    }

    public boolean superRoot() {
        return superRootTimestamp != null;
    }

    static GamePosition at(long l2Block) {
        return new GamePosition(l2Block, null, null, null);
    }

    static GamePosition unusable(String reason) {
        return new GamePosition(-1, null, null, RevertReasons.bounded(reason));
    }

    /**
     * Asks the game at {@code game} (of {@code gameType}, as the factory reported it, claiming {@code rootClaim})
     * what it claims about chain {@code l2ChainId}.
     * <p>
     * Which games are super-root games: OP's super types (4, 5, 7, 9) always; a game of another type only when
     * the portal proves against super roots and the game answers {@code rootClaimByChainId} for our chain. The
     * claim's kind is the game's, not the portal's (a type-1 game left from before a migration is still an
     * output-root game), but a portal that proves against super roots takes every game's claim as a super root,
     * and an operator may give a super-root game a type of its own: the game's super-root view then tells.
     *
     * @param portalProvesSuperRoots the portal's {@code superRootsActive()}
     * @throws IOException when the node gives no answer: nothing is decided, the caller tries again
     */
    public static GamePosition read(Web3j l1, String game, long gameType, byte[] rootClaim, long l2ChainId,
            boolean portalProvesSuperRoots) throws IOException {
        OpDisputeGameViews views = OpDisputeGameViews.load(game, l1, new ReadonlyTransactionManager(l1, game),
                new DefaultGasProvider());
        String superType = SUPER_ROOT_TYPES.get(gameType);
        byte[] chainRoot = superType != null || portalProvesSuperRoots
                ? ViewCall.answer(l1, game, views.rootClaimByChainId(BigInteger.valueOf(l2ChainId)))
                        .filter(byte[].class::isInstance).map(byte[].class::cast).filter(r -> r.length == 32)
                        .orElse(null)
                : null;
        String kind = "type " + gameType + (superType == null ? "" : ", " + superType);
        if (superType == null && chainRoot == null) {
            if (portalProvesSuperRoots) {
                return unusable("an output-root game (" + kind + ") while the portal proves against super roots "
                        + "(superRootsActive): the portal takes no proof against it");
            }
            return outputRootGame(l1, game, views, kind);
        }
        if (!portalProvesSuperRoots) {
            return unusable("a super-root game (" + kind + ") while the portal proves against output roots: "
                    + "the portal takes no proof against it");
        }
        if (chainRoot == null) {
            return unusable("a super-root game (" + kind + ") that names no output root for chain " + l2ChainId
                    + " (rootClaimByChainId refused)");
        }
        Long timestamp = blockOrTimestamp(l1, game, views.l2SequenceNumber());
        if (timestamp == null) {
            return unusable("a super-root game (" + kind + ") that answers no timestamp (l2SequenceNumber())");
        }
        return ofSuperRoot(kind, timestamp, BigInteger.valueOf(l2ChainId), chainRoot, rootClaim);
    }

    /**
     * A super-root game's position, pure: usable when the super root is our chain's alone, that is when the
     * single-chain preimage rebuilt from its timestamp and our output root hashes to its claim, since proving
     * needs the whole preimage and the service knows no other chain's output roots.
     */
    static GamePosition ofSuperRoot(String kind, long timestamp, BigInteger l2ChainId, byte[] chainOutputRoot,
            byte[] rootClaim) {
        SuperRoot ours = SuperRoot.ofOneChain(timestamp, l2ChainId, chainOutputRoot);
        if (!Arrays.equals(ours.hash(), rootClaim)) {
            return unusable("a super-root game (" + kind + ") whose super root is not chain " + l2ChainId
                    + "'s alone: proving against it needs the other chains' output roots; not supported yet");
        }
        return new GamePosition(UNPLACED, timestamp, chainOutputRoot.clone(), null);
    }

    private static GamePosition outputRootGame(Web3j l1, String game, OpDisputeGameViews views, String kind)
            throws IOException {
        Long block = blockOrTimestamp(l1, game, views.l2BlockNumber());
        if (block == null) {
            block = blockOrTimestamp(l1, game, views.l2SequenceNumber());
        }
        if (block == null) {
            return unusable("game " + kind + " answers neither l2BlockNumber() nor l2SequenceNumber() with a block number");
        }
        return at(block);
    }

    /** The view's value as a block number or timestamp; null when the game refused it or answered a huge one. */
    private static Long blockOrTimestamp(Web3j l1, String game, org.web3j.protocol.core.RemoteFunctionCall<?> call)
            throws IOException {
        return ViewCall.answer(l1, game, call).filter(BigInteger.class::isInstance).map(BigInteger.class::cast)
                .filter(v -> v.bitLength() <= 62).map(BigInteger::longValueExact).orElse(null);
    }
}
