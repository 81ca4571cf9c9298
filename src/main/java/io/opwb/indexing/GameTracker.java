package io.opwb.indexing;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.chain.ChainClients;
import io.opwb.chain.GamePosition;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.PortalContracts;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.DisputeGameRepository;
import io.opwb.storage.GameKey;
import io.opwb.chain.ChainContext;
import io.opwb.storage.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;

/**
 * Keeps each indexed game's status current and checks its root claim against our own L2 node: a
 * game whose root differs from the output root we compute is marked and never used.
 */
@ApplicationScoped
public class GameTracker {

    private static final Logger LOG = Logger.getLogger(GameTracker.class);

    /** A super-root game's timestamp before our L2's first block. */
    private static final long BEFORE_OUR_L2 = -2;

    private final Tx tx;
    private final ChainClients chains;
    private final GameMetrics metrics;

    private final DisputeGameRepository games;

    public GameTracker(Tx tx, ChainClients chains, GameMetrics metrics, DisputeGameRepository games) {
        this.games = games;
        this.tx = tx;
        this.chains = chains;
        this.metrics = metrics;
    }

    @WithSpan("games.refresh")
    public void refresh(ChainContext chain) throws Exception {
        PortalContracts contracts = chain.contracts();
        List<DisputeGameEntity> open = tx.read(() -> games.toFollow(chain.id()));
        if (open.isEmpty()) {
            return;
        }
        long l2Head = chain.l2().ethBlockNumber().send().getBlockNumber().longValueExact();
        OutputRootReader roots = new OutputRootReader(chain.l2());
        var oracle = contracts.outputOracle() ? contracts.oracle() : null;
        java.math.BigInteger nextOutput = oracle == null ? null : oracle.nextOutputIndex().send();
        long l1Now = oracle == null ? 0 : chains.l1Now();
        for (DisputeGameEntity game : open) {
            // One game at a time: a game we cannot read now (a node error, a game type whose contract
            // answers differently) is reported and tried again next cycle; the others go on.
            try {
                refresh(chain, contracts, game, l2Head, roots, nextOutput, l1Now);
            } catch (Exception e) {
                LOG.warnf("%s: game #%d (%s) could not be read this cycle: %s", chain, game.gameIndex,
                        Numeric.toHexString(game.address), e.getMessage());
            }
        }
    }

    /**
     * A super-root game's L2 block: the last one at or before its super root's timestamp, once our L2 node's head
     * is at or past that timestamp (before, a later block could still be it: {@link GamePosition#UNPLACED}). A
     * timestamp before our L2's first block places it nowhere ({@link #BEFORE_OUR_L2}): never trusted.
     */
    private long place(ChainContext chain, DisputeGameEntity game, long l2Head) throws java.io.IOException {
        StartBlockSearch.Timestamps timestamps = StartBlockSearch.of(chain.l2());
        if (timestamps.of(l2Head) < game.superRootTimestamp) {
            return GamePosition.UNPLACED;
        }
        long block = StartBlockSearch.lastAtOrBefore(game.superRootTimestamp, l2Head, timestamps);
        if (block < 0) {
            LOG.warnf("%s: super-root game #%d (%s) is at L2 time %d, before our L2's first block: it will not be used",
                    chain, game.gameIndex, Numeric.toHexString(game.address), game.superRootTimestamp);
            return BEFORE_OUR_L2;
        }
        return block;
    }

    private void refresh(ChainContext chain, PortalContracts contracts, DisputeGameEntity game, long l2Head,
            OutputRootReader roots, java.math.BigInteger nextOutput, long l1Now) throws Exception {
        int status;
        Long resolvedAt;
        if (game.gameType == io.opwb.chain.PortalKind.OUTPUT_PROPOSALS) {
            OutputOracleEvents.readStatus(contracts, game, l1Now, nextOutput);
            status = game.status;
            resolvedAt = game.resolvedAt;
        } else {
            var onChain = contracts.game(Numeric.toHexString(game.address));
            status = onChain.status().send().intValueExact();
            resolvedAt = status == DisputeGameEntity.IN_PROGRESS ? null : onChain.resolvedAt().send().longValueExact();
        }
        long l2Block = game.superRoot() && game.l2BlockNumber < 0 ? place(chain, game, l2Head) : game.l2BlockNumber;
        Boolean verified = game.rootVerified;
        if (l2Block == BEFORE_OUR_L2) {
            verified = false;
            l2Block = GamePosition.UNPLACED;
        }
        if (verified == null && l2Block >= 0 && l2Block <= l2Head) {
            verified = roots.matching(l2Block, game.outputRootOfChain()).isPresent();
            if (!verified) {
                metrics.rootMismatch();
                LOG.warnf("%s: %s #%d (%s) claims a root for L2 block %d that our L2 node does not compute: "
                        + "it will not be used", chain, game.gameType == io.opwb.chain.PortalKind.OUTPUT_PROPOSALS
                                ? "output" : "game", game.gameIndex, Numeric.toHexString(game.address),
                        l2Block);
            }
        }
        Boolean rootVerified = verified;
        long placed = l2Block;
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(DisputeGameEntity.class,
                new GameKey(chain.id(), game.gameIndex)))
                .invoke(g -> {
                    if (g != null) {
                        g.status = status;
                        g.resolvedAt = resolvedAt;
                        g.rootVerified = rootVerified;
                        if (g.superRoot()) {
                            g.l2BlockNumber = placed;
                        }
                    }
                }).replaceWithVoid());
    }
}
