package io.opwb.storage;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A table's secondary indexes dropped for a large backfill and built again after it, crash-safely
 * (V25): an index is dropped in the transaction that records its definition, as PostgreSQL gives it
 * ({@code pg_indexes.indexdef}: nothing written twice), and built in the transaction that deletes
 * the record, one index per transaction. A crash anywhere leaves each index either present or
 * recorded, and {@link #rebuildAll} builds whatever is recorded ({@code IF NOT EXISTS}: an index
 * that is there already is left alone). Drops and builds of all replicas take one advisory lock, so
 * two never interleave. Blocks its caller (the indexer's thread) until committed.
 */
@ApplicationScoped
public class DeferredIndexes {

    /** pg_advisory_xact_lock's key for the drops and builds: "opwb" "idx". */
    private static final long LOCK = 0x6f707762_00696478L;
    private static final Pattern PLAIN_INDEX = Pattern.compile("^CREATE INDEX (\\S+) ON .*");

    private final Pool pool;

    public DeferredIndexes(Pool pool) {
        this.pool = pool;
    }

    /** An index recorded as dropped: its name and the statement that builds it. */
    public record Deferred(String name, String definition) {
    }

    /**
     * Drops those of {@code names} that are indexes of {@code table} now, recording each one's
     * definition in the same transaction; returns the names dropped. Unique indexes and constraints'
     * indexes are never dropped, whatever the caller asks (an insert's ON CONFLICT relies on them).
     */
    public List<String> drop(String table, Collection<String> names) {
        return pool.withTransaction(c -> lock(c)
                .chain(() -> c.preparedQuery("""
                        select i.indexname, i.indexdef from pg_indexes i
                        join pg_class ic on ic.relname = i.indexname and ic.relnamespace = to_regnamespace(i.schemaname)
                        join pg_index x on x.indexrelid = ic.oid
                        where i.schemaname = current_schema() and i.tablename = $1 and i.indexname = any($2)
                          and not x.indisunique and not x.indisprimary
                          and not exists (select 1 from pg_constraint k where k.conindid = ic.oid)
                        order by i.indexname""")
                        .execute(Tuple.of(table, names.toArray(String[]::new))))
                .chain(rows -> dropEach(c, table, rows.stream().map(r -> new Deferred(r.getString(0), r.getString(1)))
                        .filter(d -> PLAIN_INDEX.matcher(d.definition()).matches()).toList())))
                .await().indefinitely();
    }

    private static Uni<List<String>> dropEach(SqlConnection c, String table, List<Deferred> indexes) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (Deferred d : indexes) {
            work = work.chain(() -> c.preparedQuery("insert into deferred_index (index_name, table_name, definition)"
                    + " values ($1, $2, $3) on conflict (index_name) do nothing")
                    .execute(Tuple.of(d.name(), table, d.definition())))
                    .chain(() -> c.query("drop index if exists " + quoted(d.name())).execute()).replaceWithVoid();
        }
        return work.map(v -> indexes.stream().map(Deferred::name).toList());
    }

    /** How many rows the table holds, as PostgreSQL last estimated (0 before its first estimate). */
    public long estimatedRows(String table) {
        return pool.preparedQuery("select greatest(reltuples, 0)::bigint from pg_class where oid = to_regclass($1)")
                .execute(Tuple.of(table))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0))
                .await().indefinitely();
    }

    /** The indexes recorded as dropped and not built yet, by name. */
    public List<Deferred> recorded() {
        return pool.query("select index_name, definition from deferred_index order by index_name").execute()
                .map(rows -> rows.stream().map(DeferredIndexes::deferred).toList())
                .await().indefinitely();
    }

    /**
     * Builds every recorded index, each in its own transaction with the deletion of its record;
     * returns how many it built. {@code maintenanceWorkMem} (PostgreSQL's memory for one build's sort,
     * e.g. {@code 256MB}) is set for those transactions only.
     */
    public int rebuildAll(String maintenanceWorkMem) {
        memorySize(maintenanceWorkMem);
        int built = 0;
        for (Deferred d : recorded()) {
            if (rebuild(d.name(), maintenanceWorkMem)) {
                built++;
            }
        }
        return built;
    }

    /** Builds one recorded index and deletes its record, in one transaction; false when no record was left (built by another). */
    private boolean rebuild(String name, String maintenanceWorkMem) {
        return pool.withTransaction(c -> lock(c)
                .chain(() -> c.preparedQuery("select index_name, definition from deferred_index where index_name = $1"
                        + " for update").execute(Tuple.of(name)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Deferred d = deferred(rows.iterator().next());
                    return c.query("set local maintenance_work_mem = '" + maintenanceWorkMem + "'").execute()
                            .chain(() -> c.query(ifNotExists(d.definition())).execute())
                            .chain(() -> c.preparedQuery("delete from deferred_index where index_name = $1")
                                    .execute(Tuple.of(name)))
                            .replaceWith(true);
                }))
                .await().indefinitely();
    }

    /**
     * {@code value} when it is a PostgreSQL memory size ({@code 256MB}, {@code 64 kB}, {@code 1GB}): it is
     * written into a {@code set local} statement, and a caller checks it at start rather than at the end of a
     * backfill.
     */
    public static String memorySize(String value) {
        if (value == null || !value.matches("\\d+\\s*(kB|MB|GB)")) {
            throw new IllegalArgumentException("not a PostgreSQL memory size (like 256MB): " + value);
        }
        return value;
    }

    /** The recorded statement, made idempotent: {@code CREATE INDEX IF NOT EXISTS name ON ...}. */
    static String ifNotExists(String definition) {
        if (!PLAIN_INDEX.matcher(definition).matches()) {
            throw new IllegalStateException("not a plain index definition: " + definition);
        }
        return "CREATE INDEX IF NOT EXISTS " + definition.substring("CREATE INDEX ".length());
    }

    private static Uni<Void> lock(SqlConnection c) {
        return c.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK)).replaceWithVoid();
    }

    private static Deferred deferred(Row r) {
        return new Deferred(r.getString(0), r.getString(1));
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
