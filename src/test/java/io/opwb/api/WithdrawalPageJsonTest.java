package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opwb.storage.WithdrawalDetails;
import io.opwb.storage.WithdrawalParties;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The list pages' JSON, byte for byte in meaning, is what it was before the read path was made cheaper: on the
 * same rows ({@link PageRows}: every kind, status, relay and token case), pages by number and by cursor and
 * look-ups by hash equal the answers recorded in {@code api/withdrawal-pages.json} (recorded by the code before
 * the change; {@code -Dopwb.golden.write=true} records anew). A page's {@code total} depends on other tests' rows
 * and is left out. Some rows are as indexed before V21 or V27 (their data decoded on each view), the rest as
 * decoded at indexing; and the answers are the same again once the worker has decoded the older ones.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class WithdrawalPageJsonTest {

    private static final long TOP_BLOCK = 3_000_000_000L;
    private static final Path GOLDEN = Path.of("src/test/resources/api/withdrawal-pages.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Inject
    WithdrawalParties parties;

    @Test
    void pagesAndLookUpsAnswerTheRecordedJson() throws Exception {
        PageRows.insert(pool, 240, 2121, TOP_BLOCK, PageRows.Decoded.SOME);
        String recorded = answers();
        if (Boolean.getBoolean("opwb.golden.write")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, recorded);
        }
        Files.writeString(Path.of("target/withdrawal-pages.json"), recorded); // to diff against the recorded one
        assertEquals(Files.readString(GOLDEN), recorded);
        // The same once the worker has decoded the rows indexed before V27 (V21's message hashes with them).
        while (parties.fillSome(500).await().indefinitely() > 0) {
            // until none is left
        }
        String filled = answers();
        Files.writeString(Path.of("target/withdrawal-pages-filled.json"), filled);
        assertEquals(Files.readString(GOLDEN), filled);
    }

    /** The pages and look-ups, one answer a line: a change shows as the lines it touches. */
    private static String answers() throws Exception {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        String top = KeysetCursor.of(new WithdrawalDetails.Position(TOP_BLOCK + 1, 0, TestWithdrawals.CHAIN, new byte[32]));
        for (String path : new String[] {"/api/withdrawals?page=1&size=50", "/api/withdrawals?page=3&size=20",
                "/api/withdrawals?page=1&size=7", "/api/withdrawals?after=" + top + "&size=50"}) {
            answers.put(path, get(path));
        }
        String next = answers.get("/api/withdrawals?after=" + top + "&size=50").get("next").asText();
        for (int i = 0; i < 2; i++) {
            String path = "/api/withdrawals?after=" + next + "&size=50";
            answers.put(path, get(path));
            next = answers.get(path).get("next").asText();
        }
        assertNotNull(next);
        for (JsonNode item : answers.get("/api/withdrawals?page=1&size=7").get("items")) {
            String path = "/api/withdrawals/" + item.get("withdrawalHash").asText();
            answers.put(path, get(path));
        }
        StringBuilder lines = new StringBuilder();
        for (var answer : answers.entrySet()) {
            lines.append(answer.getKey()).append(' ').append(JSON.writeValueAsString(answer.getValue())).append('\n');
        }
        return lines.toString();
    }

    private static JsonNode get(String path) throws Exception {
        JsonNode body = JSON.readTree(given().get(path).then().statusCode(200).extract().asString());
        if (body instanceof ObjectNode page) {
            page.remove("total");
            page.remove("totalExact");
        }
        return body;
    }
}
