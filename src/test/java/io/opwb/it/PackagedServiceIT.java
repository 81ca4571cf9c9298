package io.opwb.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The packaged artifact as it ships, in its own process (the jar here; with -Dnative, the native
 * executable: README "Native image"), its api role against a devnet and an embedded PostgreSQL: it
 * starts, is live, and answers the API, a bad request with a 400.
 * <p>
 * Only with {@code -Dopwb.it.packaged=true}: it takes some 85 s on these two shared cores (the test's
 * own Quarkus bootstrap ~45 s, a devnet ~11 s, the service's start ~20 s), too much for every build for
 * what the other ITs, which run the jar as a process of their own, already show of it. It is the test
 * to run against a native executable.
 */
@QuarkusIntegrationTest
@EnabledIfSystemProperty(named = "opwb.it.packaged", matches = "true")
@TestProfile(PackagedServiceIT.ApiRole.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(DevnetTestResource.class)
class PackagedServiceIT {

    /** The api role: it serves and indexes nothing, so the devnet needs no traffic. */
    public static class ApiRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opwb.role", "api");
        }
    }

    @Test
    void isLiveAndAnswersTheApi() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/chains").then().statusCode(200).body("chainId", hasItem(901));
        given().get("/api/withdrawals/0x1234").then().statusCode(400);
    }
}
