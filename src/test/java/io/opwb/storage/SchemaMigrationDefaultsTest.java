package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Replicas that run the pipeline migrate the schema at start; the api role only validates it. */
class SchemaMigrationDefaultsTest {

    @Test
    void theApiRoleValidatesAndTheOthersMigrate() {
        assertEquals(Map.of("quarkus.flyway.migrate-at-start", "false", "quarkus.flyway.validate-at-start", "true"),
                SchemaMigrationDefaults.settings("api", null));
        for (String role : new String[] { "worker", "all", null }) {
            assertEquals(MIGRATES, SchemaMigrationDefaults.settings(role, null), role);
        }
    }

    @Test
    void anExplicitSettingDecidesForEveryRole() {
        assertEquals(MIGRATES, SchemaMigrationDefaults.settings("api", "true"), "a replica told to migrate does not validate first");
        assertEquals(Map.of("quarkus.flyway.migrate-at-start", "false", "quarkus.flyway.validate-at-start", "true"),
                SchemaMigrationDefaults.settings("worker", "false"));
    }

    private static final Map<String, String> MIGRATES = Map.of("quarkus.flyway.migrate-at-start", "true",
            "quarkus.flyway.validate-at-start", "false");
}
