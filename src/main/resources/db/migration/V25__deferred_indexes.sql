-- Secondary indexes dropped for a large backfill and not built again yet (issue 23): each row is written in
-- the transaction that drops its index, from PostgreSQL's own definition (pg_indexes.indexdef), and deleted
-- in the transaction that builds it again; a crash between any two steps leaves either the index or its row,
-- and the next start builds what has a row (indexing.IndexDeferral, storage.DeferredIndexes).
CREATE TABLE deferred_index (
    index_name  TEXT        PRIMARY KEY,
    table_name  TEXT        NOT NULL,
    definition  TEXT        NOT NULL CHECK (definition LIKE 'CREATE INDEX %'),
    deferred_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
