package io.opwb.storage;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Who changes the schema: a replica that runs the pipeline (role {@code worker} or {@code all})
 * migrates it at start; the {@code api} role only validates it (it never writes, it may run many
 * replicas that start together, and it must not hold DDL locks during a cold start). Below
 * application.properties and the environment: {@code QUARKUS_FLYWAY_MIGRATE_AT_START} still decides
 * where it is set (a one-off migration job, for example).
 */
public class SchemaMigrationDefaults implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300). */
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new MapBackedConfigSource("schema-migration-by-role",
                settings(value(context, "opwb.role"), explicit(context, "quarkus.flyway.migrate-at-start")), ORDINAL) {
        });
    }

    /**
     * Migrate unless the role is api; validate when not migrating (Flyway validates before it
     * migrates, and a schema about to be migrated does not validate). An explicit
     * {@code migrate-at-start} decides both.
     */
    static Map<String, String> settings(String role, String explicitMigrate) {
        boolean migrates = explicitMigrate != null ? Boolean.parseBoolean(explicitMigrate.trim())
                : !"api".equals(role == null ? "all" : role.trim().toLowerCase(Locale.ROOT));
        return Map.of("quarkus.flyway.migrate-at-start", Boolean.toString(migrates),
                "quarkus.flyway.validate-at-start", Boolean.toString(!migrates));
    }

    /**
     * A value set by an operator (application.properties, the environment, system properties), not
     * one the build recorded as a default: the build saw no role, and its "true" must not decide.
     */
    private static String explicit(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getConfigSourceOrdinal() <= ORDINAL ? null : value.getValue();
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
