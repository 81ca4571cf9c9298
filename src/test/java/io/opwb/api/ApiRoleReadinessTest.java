package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The api role serves from its database alone: with every node of every chain unreachable (the test
 * profile's closed ports) it starts, is ready and answers — where a worker is not ready
 * ({@link ReadinessWithoutChainsTest}).
 */
@QuarkusTest
@TestProfile(ApiRoleReadinessTest.ApiRole.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class ApiRoleReadinessTest {

    public static class ApiRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The api role only validates the schema; this test's database may be fresh, so it migrates
            // it here as the worker would have.
            // A block explorer for the primary chain's L1 (none for its L2): shown on /api/chains.
            return Map.of("opwb.role", "api", "quarkus.flyway.migrate-at-start", "true",
                    "quarkus.flyway.validate-at-start", "false", "opwb.api.explorers.\"l2\".l1", "https://etherscan.io/");
        }
    }

    @Test
    void readyAndAnsweringWithEveryNodeDown() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'chains' }.data.nodes", startsWith("not asked"))
                .body("checks.find { it.name == 'portal' }.data.portals", startsWith("not asked"))
                .body("checks.find { it.name == 'submission-holds' }.data.holds", startsWith("not asked"));
        given().when().get("/api/withdrawals").then().statusCode(200);
        given().when().get("/api/withdrawals/0x" + "ab".repeat(32)).then().statusCode(404);
        given().when().get("/api/chains").then().statusCode(200)
                .body("[0].name", equalTo("l2"))
                .body("[0].explorers.l1", equalTo("https://etherscan.io"))
                .body("[0].explorers.l2", org.hamcrest.Matchers.nullValue());
    }
}
