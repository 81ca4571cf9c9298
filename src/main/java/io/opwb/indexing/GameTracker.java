package io.opwb.indexing;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.chain.ChainClients;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.PortalContracts;
import io.opwb.storage.DisputeGameEntity;
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

    private final Tx tx;
    private final ChainClients chains;
    private final GameMetrics metrics;

    public GameTracker(Tx tx, ChainClients chains, GameMetrics metrics) {
        this.tx = tx;
        this.chains = chains;
        this.metrics = metrics;
    }

    @WithSpan("games.refresh")
    public void refresh(ChainContext chain) throws Exception {
        PortalContracts contracts = chain.contracts();
        List<DisputeGameEntity> open = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from DisputeGameEntity where l2ChainId = :c and (status = 0 or rootVerified is null) "
                        + "and unusableReason is null",
                DisputeGameEntity.class).setParameter("c", chain.id()).getResultList()));
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
        Boolean verified = game.rootVerified;
        if (verified == null && game.l2BlockNumber <= l2Head) {
            verified = Arrays.equals(roots.at(java.math.BigInteger.valueOf(game.l2BlockNumber)).root(),
                    game.rootClaim);
            if (!verified) {
                metrics.rootMismatch();
                LOG.warnf("%s: %s #%d (%s) claims a root for L2 block %d that our L2 node does not compute: "
                        + "it will not be used", chain, game.gameType == io.opwb.chain.PortalKind.OUTPUT_PROPOSALS
                                ? "output" : "game", game.gameIndex, Numeric.toHexString(game.address),
                        game.l2BlockNumber);
            }
        }
        Boolean rootVerified = verified;
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(DisputeGameEntity.class,
                new GameKey(chain.id(), game.gameIndex)))
                .invoke(g -> {
                    if (g != null) {
                        g.status = status;
                        g.resolvedAt = resolvedAt;
                        g.rootVerified = rootVerified;
                    }
                }).replaceWithVoid());
    }
}
