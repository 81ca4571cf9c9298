package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Operator endpoints need the bearer token; bad requests of any shape get 4xx, never 5xx. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class AdminApiTest {

    private static final String TOKEN = "Bearer test-admin-token";

    @Inject
    Tx tx;

    @Test
    void pauseAndResumeNeedTheToken() {
        given().post("/api/admin/submission/pause").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong").post("/api/admin/submission/pause").then().statusCode(401);
        given().header("Authorization", "test-admin-token").post("/api/admin/submission/pause").then().statusCode(401);
        given().get("/api/admin/submission").then().statusCode(200).body("paused", equalTo(false));

        try {
            given().header("Authorization", TOKEN).queryParam("reason", "maintenance").post("/api/admin/submission/pause")
                    .then().statusCode(200).body("paused", equalTo(true)).body("reason", equalTo("maintenance"));
            given().get("/api/admin/submission").then().statusCode(200).body("paused", equalTo(true));
        } finally {
            // The database is shared with the other tests: never leave submission paused.
            given().header("Authorization", TOKEN).post("/api/admin/submission/resume").then().statusCode(200)
                    .body("paused", equalTo(false));
        }
    }

    @Test
    void retryPutsASkippedWithdrawalBackAndOnlyThat() {
        byte[] hash = new byte[32];
        new SplittableRandom(99).nextBytes(hash);
        String hex = Numeric.toHexString(hash);
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.persist(skipped(hash))));
        try {
            given().post("/api/admin/withdrawals/" + hex + "/retry").then().statusCode(401);
            given().header("Authorization", TOKEN).post("/api/admin/withdrawals/" + hex + "/retry").then()
                    .statusCode(200).body("status", equalTo("WAITING_FOR_GAME"))
                    .body("reason", startsWith("retry requested"));
            WithdrawalEntity row = tx.read(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(hash))));
            assertEquals(0, row.proveFailures);
            given().header("Authorization", TOKEN).post("/api/admin/withdrawals/" + hex + "/retry").then()
                    .statusCode(409);
            given().header("Authorization", TOKEN).post("/api/admin/withdrawals/0x" + "ab".repeat(32) + "/retry").then()
                    .statusCode(404);
            given().header("Authorization", TOKEN).post("/api/admin/withdrawals/0x12/retry").then().statusCode(400);
        } finally {
            tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(hash))
                    .chain(w -> w == null ? io.smallrye.mutiny.Uni.createFrom().voidItem() : s.remove(w))));
        }
    }

    @Test
    void fuzzedRequestsGetOnly2xxAnd4xx() {
        SplittableRandom random = new SplittableRandom(2026);
        List<String> paths = List.of("/api/withdrawals/", "/api/l2-transactions/", "/api/batches/", "/api/withdrawals?status=",
                "/api/withdrawals?sender=", "/api/withdrawals?target=", "/api/withdrawals?page=", "/api/withdrawals?size=",
                "/api/batches?kind=", "/api/batches?page=", "/api/admin/withdrawals/");
        // Characters a URL may carry unescaped, and spaces (sent as %20).
        String alphabet = "0123456789abcdefABCDEFxX-_.~!$'()*+,;=:@ ";
        for (int i = 0; i < 300; i++) {
            StringBuilder junk = new StringBuilder(random.nextBoolean() ? "0x" : "");
            int length = random.nextInt(0, 80);
            for (int j = 0; j < length; j++) {
                junk.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String path = paths.get(random.nextInt(paths.size()));
            String url = path + junk.toString().replace(" ", "%20");
            int status;
            if (path.startsWith("/api/admin")) {
                status = given().urlEncodingEnabled(false).header("Authorization", TOKEN).post(url + "/retry").statusCode();
            } else {
                status = given().urlEncodingEnabled(false).get(url).statusCode();
            }
            assertTrue(status >= 200 && status < 500, url + " answered " + status);
        }
    }

    /**
     * Every list, every kind of page and size: a 200 only for a page within the first rows a list
     * pages through (never a deep offset), otherwise a 400 problem naming the parameter; never a 5xx.
     */
    @Test
    void fuzzedPagesAndSizesOfEveryList() {
        List<String> values = List.of("0", "1", "19", "499", "500", "501", "9999", "10000", "2147483647", "2147483648",
                "4294967296", "99999999999999", "9223372036854775808", "1" + "0".repeat(40), "-1", "-2147483648", "abc",
                "1.5", "1e3", "0x10", "+1", "%201", "%D9%A3", "%00", "1%0A2");
        for (String list : List.of("/api/withdrawals", "/api/batches", "/api/dry-run/batches")) {
            for (String value : values) {
                // each value as the page and as the size, alone and beside the largest size or a late page
                for (String query : List.of("page=" + value, "page=" + value + "&size=500", "size=" + value,
                        "page=19&size=" + value)) {
                    String url = list + "?" + query;
                    io.restassured.response.Response r = given().urlEncodingEnabled(false).get(url).andReturn();
                    if (r.statusCode() == 200) {
                        long offset = r.jsonPath().getLong("page") * r.jsonPath().getLong("size");
                        assertTrue(offset < PageRequest.MAX_ROWS, url + " answered from offset " + offset);
                    } else {
                        assertEquals(400, r.statusCode(), url + ": " + r.asString());
                        assertTrue(r.contentType().startsWith("application/problem+json"), url);
                        String detail = r.jsonPath().getString("detail");
                        assertTrue(detail.startsWith("page") || detail.startsWith("size"), url + ": " + detail);
                    }
                }
            }
        }
    }

    private static WithdrawalEntity skipped(byte[] hash) {
        WithdrawalEntity w = io.opwb.testing.TestWithdrawals.row(hash);
        w.status = io.opwb.storage.WithdrawalStatus.SKIPPED;
        w.reasonCode = io.opwb.storage.ReasonCode.TARGET_FAILS;
        w.statusReason = "predicted failure: the call to the target would revert";
        w.proveFailures = 3;
        return w;
    }
}
