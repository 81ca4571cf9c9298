package io.opwb.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.ReadOnlyDevnetTestResource;
import io.opwb.testing.StatusPolling;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Read-only mode: the service indexes the withdrawals and brings their statuses up to
 * READY_TO_PROVE as games come, and sends nothing although its key is configured and the batch
 * window closes several times: the key's L1 nonce does not move, there is no batch, and the
 * withdrawals stay ready to prove.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(ReadOnlyDevnetTestResource.class)
class ReadOnlyModeTest {

    @Test
    void tracksStatusesAndSendsNothing() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        String service = DevnetAccounts.service().getAddress();
        BigInteger nonceBefore = nonce(devnet, service);
        List<InitiatedWithdrawal> withdrawals = devnet.traffic()
                .initiate(TrafficGenerator.randomRequests(5, new SplittableRandom(21)));

        StatusPolling.awaitStatus(withdrawals, "READY_TO_PROVE", Duration.ofSeconds(90));
        Thread.sleep(8_000); // the 5 s batch window closes, the cycle runs 8 more times

        StatusPolling.awaitStatus(withdrawals, "READY_TO_PROVE", Duration.ofSeconds(1));
        assertEquals(nonceBefore, nonce(devnet, service), "the service key sent nothing on L1");
        assertEquals(0, given().get("/api/batches").then().statusCode(200).extract().jsonPath().getInt("total"),
                "no batch");
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static BigInteger nonce(Devnet devnet, String address) throws Exception {
        return devnet.l1().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount();
    }
}
