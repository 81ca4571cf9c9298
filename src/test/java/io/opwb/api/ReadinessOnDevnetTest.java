package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opwb.submission.SubmitterBalance;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.DisposableDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Readiness on a live devnet says what each check saw (chains, indexer lag, signer balance), and
 * goes DOWN when the L1 node stops; liveness stays UP.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DisposableDevnetTestResource.class)
class ReadinessOnDevnetTest {

    @jakarta.inject.Inject
    io.opwb.indexing.ChainIndexers indexers;

    @jakarta.inject.Inject
    io.opwb.chain.Chains chains;



    @Inject
    SubmitterBalance balance;

    @Test
    void readyWhileTheNodesAnswerAndDownWhenL1Stops() throws Exception {
        indexers.l1(chains.primary()).indexUntilCaughtUp(100);
        indexers.l2(chains.primary()).indexUntilCaughtUp(100);
        balance.refresh();
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'chains' }.data.l1", startsWith("chain 900, head "))
                .body("checks.find { it.name == 'indexer-lag' }.data.'l1-portal/l2'", equalTo("0 blocks behind (at most 50)"))
                .body("checks.find { it.name == 'indexer-lag' }.data.'l2-withdrawals/l2'", equalTo("0 blocks behind (at most 300)"))
                .body("checks.find { it.name == 'signer-balance' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'signer-balance' }.data.minBalanceWei", equalTo("100000000000000000"));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("opwb_indexer_lag_blocks{chain=\"l2\",indexer=\"l1-portal\"} 0.0"),
                metrics.lines().filter(l -> l.contains("opwb_")).toList().toString());

        long l1Pid = DevnetTestResource.devnet().pids()[0];
        ProcessHandle l1 = ProcessHandle.of(l1Pid).orElseThrow();
        l1.destroy();
        l1.onExit().get();

        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'chains' }.data.l1", startsWith("unreachable"))
                .body("checks.find { it.name == 'chains' }.data.l2", startsWith("chain 901, head "));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
