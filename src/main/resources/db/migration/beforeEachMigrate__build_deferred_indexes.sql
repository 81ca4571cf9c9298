-- Flyway runs this before each pending migration (an upgrade): indexes a backfill dropped and has not built
-- yet (V25, indexing.IndexDeferral) are built first, so that a migration may name them (drop, rename,
-- replace) as if no backfill had run. Nothing to do on most starts: with no migration pending it does not
-- run, and the table is empty once the backfill has caught up.
DO $$
DECLARE
    d RECORD;
BEGIN
    IF to_regclass('deferred_index') IS NULL THEN
        RETURN; -- before V25
    END IF;
    FOR d IN SELECT index_name, definition FROM deferred_index ORDER BY index_name LOOP
        EXECUTE regexp_replace(d.definition, '^CREATE INDEX ', 'CREATE INDEX IF NOT EXISTS ');
        DELETE FROM deferred_index WHERE index_name = d.index_name;
    END LOOP;
END
$$;
