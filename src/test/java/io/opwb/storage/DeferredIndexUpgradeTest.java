package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An upgrade while a backfill has look-up indexes dropped: Flyway's callback
 * ({@code beforeEachMigrate__build_deferred_indexes.sql}) builds them before the first pending
 * migration, so a migration that names one (here a rename) finds it.
 */
class DeferredIndexUpgradeTest {

    @Test
    void aMigrationThatNamesADroppedIndexFindsItBuilt() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
            DataSource db = pg.getPostgresDatabase();
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                // as DeferredIndexes.drop leaves it: the definition recorded, the index gone
                s.execute("insert into deferred_index (index_name, table_name, definition) select indexname, tablename,"
                        + " indexdef from pg_indexes where indexname in ('withdrawal_sender', 'withdrawal_target')");
                s.execute("drop index withdrawal_sender");
                s.execute("drop index withdrawal_target");
            }

            Flyway.configure().dataSource(db).locations("classpath:db/migration", "classpath:db/deferred-index-upgrade")
                    .load().migrate();

            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                assertEquals(0, single(s, "select count(*) from deferred_index"));
                assertEquals(1, single(s, "select count(*) from pg_indexes where indexname = 'withdrawal_sender_renamed'"));
                assertEquals(1, single(s, "select count(*) from pg_indexes where indexname = 'withdrawal_target'"));
            }
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
