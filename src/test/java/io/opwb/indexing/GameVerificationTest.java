package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.lifecycle.StatusRules;
import io.opwb.lifecycle.StatusTracker;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.Tx;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Games are checked against our own L2 node: a game claiming a wrong output root is indexed,
 * marked, and never chosen to prove against, even when it is the newest.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class GameVerificationTest {

    @jakarta.inject.Inject
    io.opwb.indexing.ChainIndexers indexers;

    @jakarta.inject.Inject
    io.opwb.chain.Chains chains;


    @Inject
    GameTracker games;

    @Inject
    StatusTracker tracker;

    @Inject
    Tx tx;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Test
    void aGameWithAWrongRootIsNeverUsed() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        List<InitiatedWithdrawal> ws = devnet.traffic().initiate(TrafficGenerator.randomRequests(2, new SplittableRandom(3)));
        Proposer.ProposedGame honest = devnet.proposer().propose(ws.get(0).l2BlockNumber());
        Proposer.ProposedGame wrong = devnet.proposer().proposeWrongRoot(ws.get(1).l2BlockNumber());
        devnet.warpL1(1);

        double mismatchesBefore = registry.counter("opwb.games.root.mismatch").count();
        indexers.l1(chains.primary()).indexUntilCaughtUp(100);
        games.refresh(chains.primary());
        games.refresh(chains.primary()); // checked once: a second look neither re-checks nor re-counts it

        DisputeGameEntity honestRow = game(honest.index().longValueExact());
        DisputeGameEntity wrongRow = game(wrong.index().longValueExact());
        assertEquals(honest.l2BlockNumber().longValueExact(), honestRow.l2BlockNumber);
        assertEquals(Boolean.TRUE, honestRow.rootVerified);
        assertEquals(Boolean.FALSE, wrongRow.rootVerified);
        assertEquals(mismatchesBefore + 1, registry.counter("opwb.games.root.mismatch").count(), "reported as a metric");
        String scraped = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(scraped.contains("opwb_games_root_mismatch_total"), "exported to Prometheus");

        StatusRules.Context ctx = tracker.context(chains.primary());
        assertTrue(ctx.bestGame().isPresent());
        assertEquals(honest.index().longValueExact(), ctx.bestGame().get().index(), "the honest game, though older");
        assertFalse(ctx.bestGame().get().l2Block() >= ws.get(1).l2BlockNumber().longValueExact(),
                "the second withdrawal has no trusted game yet");
    }

    private DisputeGameEntity game(long index) {
        return tx.read(() -> Panache.getSession().chain(s -> s.find(DisputeGameEntity.class, new io.opwb.storage.GameKey(io.opwb.testing.TestWithdrawals.CHAIN, index))));
    }
}
