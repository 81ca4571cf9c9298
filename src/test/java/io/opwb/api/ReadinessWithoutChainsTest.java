package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** With no node reachable (the test profile points at a closed port), the service is live but not ready. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class ReadinessWithoutChainsTest {

    @Test
    void notReadyWhenTheNodesAreUnreachable() {
        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'chains' }.data.l1", startsWith("unreachable"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
