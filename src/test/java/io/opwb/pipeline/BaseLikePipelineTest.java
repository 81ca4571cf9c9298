package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;

import io.opwb.devnet.AsrEraStandIn;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.testing.BaseLikeDevnetTestResource;
import io.opwb.testing.ChainViews;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The service on the Base-like parameter set of the ASR era stand-ins: games of type 621 that answer
 * {@code l2SequenceNumber()} but not {@code l2BlockNumber()}, proof maturity 1 day, finality delay 0.
 * Withdrawals are proven against a type-621 game, wait the day (warped) and the game's clock, and are
 * finalized; the API shows the day in the reason and the ETA, and the chain's views agree.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(BaseLikeDevnetTestResource.class)
class BaseLikePipelineTest {

    private static final BigInteger VALUE = new BigInteger("30000000000000000");

    @Test
    void withdrawalsAreProvenAgainstType621GamesAndFinalizedAfterADay() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        assertEquals(AsrEraStandIn.BASE_GAME_TYPE, devnet.deployment().gameType());
        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requests.add(WithdrawalRequest.eth(String.format("0x%040x", 0xba5e0L + i), VALUE));
        }
        List<InitiatedWithdrawal> ws = devnet.traffic().initiateInOneBlock(requests);
        awaitStatus(ws, "PROVEN_MATURING", Duration.ofMinutes(2));

        String batcher = devnet.deployment().withdrawalBatcher();
        long maturity = DevnetClocks.baseLike().proofMaturityDelay();
        for (InitiatedWithdrawal w : ws) {
            var proof = devnet.portalReader().provenWithdrawals(w.transaction().hash(), batcher).send();
            String game = proof.component1();
            long provenAt = proof.component2().longValueExact();
            var l2BlockNumber = devnet.l1().ethCall(Transaction.createEthCallTransaction(batcher, game,
                    "0x" + io.opwb.chain.RevertReasons.selectorOf("l2BlockNumber()")), DefaultBlockParameterName.LATEST).send();
            assertTrue(l2BlockNumber.hasError() || l2BlockNumber.isReverted(), "a type-621 game has no l2BlockNumber()");
            JsonPath view = given().get("/api/withdrawals/" + w.transaction().hashHex()).then().statusCode(200).extract()
                    .jsonPath();
            assertEquals("proof matures after L1 time " + (provenAt + maturity), view.getString("reason"));
            assertTrue(view.getLong("eta.finalizableAt.epochSeconds") >= provenAt + maturity, view.prettify());
        }
        ChainViews.assertStatusesAgree(devnet, ws);

        // The day, and the game's clock (finality delay 0: final once resolved).
        devnet.warpL1(maturity + DevnetClocks.baseLike().maxClockDuration() + 10);
        awaitStatus(ws, "FINALIZED", Duration.ofMinutes(2));
        for (InitiatedWithdrawal w : ws) {
            assertTrue(devnet.portalReader().finalizedWithdrawals(w.transaction().hash()).send(), "finalized: " + w);
            assertEquals(VALUE, devnet.l1().ethGetBalance(w.transaction().target(), DefaultBlockParameterName.LATEST)
                    .send().getBalance(), "paid: " + w);
        }
        ChainViews.assertStatusesAgree(devnet, ws);
    }
}
