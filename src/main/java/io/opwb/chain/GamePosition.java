package io.opwb.chain;

import java.io.IOException;
import java.util.Map;

import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.OpDisputeGameViews;

/**
 * Which L2 block a dispute game's claim is about, asked of the game by interface rather than assumed:
 * single-chain fault games answer {@code l2BlockNumber()}; games of op-contracts v4 and later, and
 * other kinds (Base's multi-proof games, ZK games), answer {@code l2SequenceNumber()}, which is the L2
 * block number for an output-root claim. Super-root games claim a root over several chains, and their
 * sequence number is a timestamp: the service does not prove against them yet, and says so. A game
 * that answers neither is reported, never a reason to stop reading the chain.
 */
public record GamePosition(long l2Block, String unusableReason) {

    /**
     * Game types whose root claim is a super root, named as op-contracts' GameTypes names them
     * (ethereum-optimism/optimism packages/contracts-bedrock/src/dispute/lib/Types.sol @ 04613cdc).
     */
    static final Map<Long, String> SUPER_ROOT_TYPES = Map.of(4L, "SUPER_CANNON", 5L, "SUPER_PERMISSIONED",
            7L, "SUPER_ASTERISC_KONA", 9L, "SUPER_CANNON_KONA");

    public boolean usable() {
        return unusableReason == null;
    }

    static GamePosition at(long l2Block) {
        return new GamePosition(l2Block, null);
    }

    static GamePosition unusable(String reason) {
        return new GamePosition(-1, RevertReasons.bounded(reason));
    }

    /**
     * Asks the game at {@code game} (of {@code gameType}, as the factory reported it) for its L2
     * position.
     *
     * @throws IOException when the node gives no answer: nothing is decided, the caller tries again
     */
    public static GamePosition read(Web3j l1, String game, long gameType) throws IOException {
        String superRoot = SUPER_ROOT_TYPES.get(gameType);
        if (superRoot != null) {
            return unusable("a super-root game (type " + gameType + ", " + superRoot + "): its claim covers several "
                    + "chains; proving against super roots is not supported yet");
        }
        OpDisputeGameViews views = OpDisputeGameViews.load(game, l1, new ReadonlyTransactionManager(l1, game),
                new DefaultGasProvider());
        Long block = answer(l1, game, views.l2BlockNumber());
        if (block == null) {
            block = answer(l1, game, views.l2SequenceNumber());
        }
        if (block == null) {
            return unusable("game type " + gameType + " answers neither l2BlockNumber() nor l2SequenceNumber() with a "
                    + "block number");
        }
        return at(block);
    }

    /** The view's value as a block number; null when the game refused it or answered no block number. */
    private static Long answer(Web3j l1, String game, org.web3j.protocol.core.RemoteFunctionCall<?> call)
            throws IOException {
        return ViewCall.answer(l1, game, call).filter(java.math.BigInteger.class::isInstance)
                .map(java.math.BigInteger.class::cast).filter(v -> v.bitLength() <= 62)
                .map(java.math.BigInteger::longValueExact).orElse(null);
    }
}
