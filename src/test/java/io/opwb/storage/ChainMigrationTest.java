package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A database from before chains were named (schema V10, with rows) migrated to the chain-scoped
 * schema: its rows and checkpoints go to the primary chain, the same withdrawal hash may then be
 * on another chain, and a batch item must name a withdrawal of its own chain.
 */
class ChainMigrationTest {

    private static final String HASH = "'\\x" + "ab".repeat(32) + "'";
    private static final String ADDRESS = "'\\x" + "01".repeat(20) + "'";

    @Test
    void rowsFromBeforeChainsBelongToThePrimaryChain() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
            DataSource db = pg.getPostgresDatabase();
            flyway(db, "10").migrate();
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into withdrawal (withdrawal_hash, nonce, sender, target, value_wei, gas_limit, data, "
                        + "l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, status) values (" + HASH
                        + ", 1, " + ADDRESS + ", " + ADDRESS + ", 5, 100000, '\\x', 7, " + HASH + ", " + HASH
                        + ", 0, 'PROVING')");
                s.execute("insert into batch (id, kind, status, item_count) values (1, 'PROVE', 'SUBMITTED', 1)");
                s.execute("insert into batch_item (batch_id, withdrawal_hash, position) values (1, " + HASH + ", 0)");
                s.execute("insert into indexer_checkpoint (name, next_block, range_size) values ('l2-withdrawals', 8, 100)");
                s.execute("insert into indexed_block (indexer, block_number, block_hash) values ('l2-withdrawals', 7, "
                        + HASH + ")");
            }

            flyway(db, "latest").migrate();
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                for (String sql : ChainAdoption.statements(901)) {
                    s.execute(sql);
                }
                assertEquals(901, single(s, "select l2_chain_id from withdrawal"));
                assertEquals(901, single(s, "select l2_chain_id from batch"));
                assertEquals(901, single(s, "select l2_chain_id from batch_item"));
                assertEquals(8, single(s, "select next_block from indexer_checkpoint where name = 'l2-withdrawals:901'"));
                assertEquals(1, single(s, "select count(*) from indexed_block where indexer = 'l2-withdrawals:901'"));

                // The same hash on another chain is another withdrawal.
                s.execute("insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei, "
                        + "gas_limit, data, l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index) values (902, "
                        + HASH + ", 1, " + ADDRESS + ", " + ADDRESS + ", 5, 100000, '\\x', 7, " + HASH + ", " + HASH
                        + ", 0)");
                assertEquals(2, single(s, "select count(*) from withdrawal"));
                // A batch item names a withdrawal of its chain.
                assertThrows(SQLException.class, () -> s.execute("insert into batch_item (l2_chain_id, batch_id, "
                        + "withdrawal_hash, position) values (903, 1, " + HASH + ", 1)"));
            }
        }
    }

    private static Flyway flyway(DataSource db, String target) {
        return Flyway.configure().dataSource(db).locations("classpath:db/migration").target(target).load();
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
