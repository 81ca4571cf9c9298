package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The service, pointed at a devnet, reports both chains ready and serves its operational endpoints. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class ServiceOnDevnetTest {

    @Test
    void readinessReportsBothChains() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'chains' }.data.l1", startsWith("chain 900"))
                .body("checks.find { it.name == 'chains' }.data.l2", startsWith("chain 901"))
                .body("checks.find { it.name == 'portal' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'portal' }.data.l2", startsWith("OptimismPortal2"));
    }

    @Test
    void servesMetricsAndOpenApi() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
