package io.opwb.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.opwb.chain.DevnetDefault;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The demo's database: when no datasource URL is configured anywhere with a higher ordinal
 * (application.properties, environment, system properties), the first look-up of a datasource URL
 * starts a real embedded PostgreSQL, which is stopped when the JVM exits — but only for the demo,
 * where the local devnet supplies the chains too, or when asked for ({@code OPWB_DATABASE_EMBEDDED=true}).
 * A start against real chains with no database configured is refused: a throw-away database there
 * would lose every record of what was sent at the next restart.
 * <p>
 * It lists no property names, so that the build, which enumerates sources, never starts it.
 * Credentials travel inside the URLs because this source is never asked for a username.
 */
public final class EmbeddedPostgresConfigSource implements ConfigSource {

    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    /** Keeps the port across dev-mode reloads, which load this class again. */
    static final String PORT_PROPERTY = "opwb.embedded-postgres.port";
    /** true: an embedded database even with real chains; false: never one. */
    static final String EMBEDDED_PROPERTY = "opwb.database.embedded";

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSource.class);
    private static EmbeddedPostgres postgres;

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public int getOrdinal() {
        return 50; // below application.properties (250) and everything else
    }

    @Override
    public String getName() {
        return "embedded-postgres";
    }

    @Override
    public String getValue(String propertyName) {
        if (!REACTIVE_URL.equals(propertyName) && !JDBC_URL.equals(propertyName)) {
            return null;
        }
        if (externalDatabaseConfigured()) {
            return null;
        }
        if (!embeddedAllowed(DevnetDefault.setting("OPWB_DATABASE_EMBEDDED", EMBEDDED_PROPERTY), DevnetDefault.applies())) {
            throw new IllegalStateException("no database configured: set QUARKUS_DATASOURCE_REACTIVE_URL and "
                    + "QUARKUS_DATASOURCE_JDBC_URL (an external PostgreSQL, 13 or later), or OPWB_DATABASE_EMBEDDED=true "
                    + "for a throw-away embedded one (its records are lost when the process ends)");
        }
        int port = ensureStarted();
        return REACTIVE_URL.equals(propertyName)
                ? "postgresql://localhost:" + port + "/postgres?user=postgres&password=postgres"
                : "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&password=postgres";
    }

    /**
     * Whether an embedded database may start: as asked when {@code explicit} is set ("true"/"false"),
     * else only for the demo, whose chains the local devnet supplies.
     */
    static boolean embeddedAllowed(String explicit, boolean devnetSuppliesTheChains) {
        return explicit != null ? Boolean.parseBoolean(explicit.trim()) : devnetSuppliesTheChains;
    }

    /** An operator who set either URL means an external server: then nothing is started. */
    private static boolean externalDatabaseConfigured() {
        return System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") != null
                || System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null
                || System.getProperty(REACTIVE_URL) != null || System.getProperty(JDBC_URL) != null;
    }

    private static synchronized int ensureStarted() {
        String kept = System.getProperty(PORT_PROPERTY);
        if (kept != null) {
            return Integer.parseInt(kept);
        }
        try {
            postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
        int port = postgres.getPort();
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresConfigSource::stop, "embedded-postgres-stop"));
        LOG.infof("No database configured: started an embedded PostgreSQL on 127.0.0.1:%d (stopped on exit)", port);
        return port;
    }

    private static synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // The JVM is exiting: nothing better to do than report it.
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
            }
            postgres = null;
        }
    }
}
