package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Chains;
import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.SuperRootMigration;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.Tx;
import io.opwb.testing.AsrEraDevnetTestResource;
import io.opwb.testing.ChainViews;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.SuperRootDevnetTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The service on a stand-in portal that moves to super roots while it runs ({@code migrateToSuperRoots}, a new
 * registry respecting type 5, SUPER_PERMISSIONED; the devnet's proposer then makes single-chain super-root games):
 * withdrawals initiated after the move are proven by our batcher against a super-root game
 * ({@code proveBatchAgainstSuperRoot}), mature (the clocks warped), are finalized and paid; the API and the chain's
 * own views agree.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(SuperRootDevnetTestResource.class)
class SuperRootPipelineTest {

    private static final BigInteger VALUE = new BigInteger("40000000000000000");

    @Inject
    Chains chains;
    @Inject
    Tx tx;

    @Test
    void withdrawalsAreProvenAgainstASuperRootGameAndFinalized() throws Exception {
        Devnet devnet = AsrEraDevnetTestResource.asrEraDevnet();
        SuperRootMigration.Migrated migrated = devnet.migrateToSuperRoots();
        assertTrue(chains.primary().contracts().superRootsActive(), "the service sees the portal's super roots");

        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(WithdrawalRequest.eth(String.format("0x%040x", 0x5e0e0L + i), VALUE));
        }
        List<InitiatedWithdrawal> ws = devnet.traffic().initiateInOneBlock(requests);
        awaitStatus(ws, "PROVEN_MATURING", Duration.ofMinutes(3));

        String batcher = devnet.deployment().withdrawalBatcher();
        DisputeGameFactory factory = DisputeGameFactory.load(migrated.disputeGameFactory(), devnet.l1(),
                new ReadonlyTransactionManager(devnet.l1(), batcher), new DefaultGasProvider());
        for (InitiatedWithdrawal w : ws) {
            String game = devnet.portalReader().provenWithdrawals(w.transaction().hash(), batcher).send().component1();
            JsonPath view = given().get("/api/withdrawals/" + w.transaction().hashHex()).then().statusCode(200)
                    .extract().jsonPath();
            long gameIndex = view.getLong("gameIndex");
            var atIndex = factory.gameAtIndex(BigInteger.valueOf(gameIndex)).send();
            assertEquals(migrated.gameType(), atIndex.component1(), "proven against a super-root game: " + w);
            assertEquals(game.toLowerCase(), atIndex.component3().toLowerCase(), "the game the portal recorded: " + w);
            DisputeGameEntity row = game(gameIndex);
            assertNotNull(row.superRootTimestamp, "indexed as a super-root game");
            assertNull(row.unusableReason);
            assertTrue(row.l2BlockNumber >= w.l2BlockNumber().longValueExact(), "placed by timestamp at or after the "
                    + "withdrawal's block: " + row.l2BlockNumber);
            assertTrue(Boolean.TRUE.equals(row.rootVerified), "its output root for our chain verified");
        }
        ChainViews.assertStatusesAgree(devnet, ws);

        // The games' clock, the proof's maturity and the finality delay, warped.
        DevnetClocks clocks = devnet.options().clocks();
        devnet.warpL1(clocks.maxClockDuration() + clocks.proofMaturityDelay() + clocks.disputeGameFinalityDelay() + 5);
        awaitStatus(ws, "FINALIZED", Duration.ofMinutes(3));
        for (InitiatedWithdrawal w : ws) {
            assertTrue(devnet.portalReader().finalizedWithdrawals(w.transaction().hash()).send(), "finalized: " + w);
            assertEquals(VALUE, devnet.l1().ethGetBalance(w.transaction().target(), DefaultBlockParameterName.LATEST)
                    .send().getBalance(), "paid: " + w);
            JsonPath view = given().get("/api/withdrawals/" + w.transaction().hashHex()).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("FINALIZED", view.getString("status"));
        }
        ChainViews.assertStatusesAgree(devnet, ws);

        // The output-root games from before the move are never proven against now (the portal refuses their method);
        // any made after it is kept with the reason.
        for (DisputeGameEntity g : games()) {
            if (g.superRootTimestamp == null && g.unusableReason != null) {
                assertTrue(g.unusableReason.contains("while the portal proves against super roots"), g.unusableReason);
            }
        }
    }

    private DisputeGameEntity game(long index) {
        return games().stream().filter(g -> g.gameIndex == index).findFirst().orElseThrow();
    }

    private List<DisputeGameEntity> games() {
        return tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery("from DisputeGameEntity where "
                + "l2ChainId = :c", DisputeGameEntity.class).setParameter("c", chains.primary().id()).getResultList()));
    }
}
