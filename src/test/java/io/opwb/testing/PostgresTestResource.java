package io.opwb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real embedded PostgreSQL for Quarkus tests, on loopback: a fresh, empty database for each start
 * of the application, on one server per test JVM. A server takes seconds to create (initdb) and the
 * suite starts the application some thirty times, each command-line launch included; a database
 * takes a fraction of a second. Each start loads this class anew (Quarkus's class loaders), so the
 * server is found again by its port, kept in a system property; it stops when the JVM does.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    /** Where the shared server listens, for the class loaders that come after the one that started it. */
    private static final String PORT_PROPERTY = "test.embedded-postgres.port";

    private String database;

    @Override
    public Map<String, String> start() {
        database = createDatabase();
        return settings(database);
    }

    @Override
    public void stop() {
        if (database != null) {
            // The application has stopped; FORCE ends any connection a pool left behind.
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            database = null;
        }
    }

    /** A new empty database on the shared server; its name. */
    public static String createDatabase() {
        String name = "opwb_test_" + java.util.UUID.randomUUID().toString().replace("-", "");
        execute("CREATE DATABASE " + name);
        return name;
    }

    /** The datasource settings of {@code database} on the shared server. */
    public static Map<String, String> settings(String database) {
        int port = serverPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + database,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    private static void execute(String sql) {
        String url = "jdbc:postgresql://127.0.0.1:" + serverPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static int serverPort() {
        synchronized (System.getProperties()) { // one lock for every class loader
            String port = System.getProperty(PORT_PROPERTY);
            if (port != null) {
                return Integer.parseInt(port);
            }
            EmbeddedPostgres server;
            try {
                server = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM is exiting: nothing more to do
                }
            }, "embedded-postgres-stop"));
            System.setProperty(PORT_PROPERTY, Integer.toString(server.getPort()));
            return server.getPort();
        }
    }
}
