-- The status API under load (issue 21): keyset pages, one query per look-up, a feed told of changes.

-- Keyset pages (api: ?after=) walk the list's order with a unique tiebreaker: block, log index and
-- chain are unique in practice, the withdrawal hash makes it so. Same leading columns as the index it replaces.
CREATE INDEX withdrawal_newest_keyset ON withdrawal (l2_block_number, l2_log_index, l2_chain_id, withdrawal_hash);
DROP INDEX withdrawal_newest;

-- The L2 messenger's hash of a message (keccak of the withdrawal's data; PostgreSQL has no keccak), written
-- by the indexer's insert, so a look-up joins the messenger's relays in the same query. Null: not a
-- message, or a row from before this column (the API then asks for its relays separately).
ALTER TABLE withdrawal ADD COLUMN message_hash BYTEA;

-- The live feed (api.StatusChangeFeed) listens on this channel instead of polling: notified at commit by
-- every transaction that inserts withdrawals or changes a status (the same changes V16 stamps); the payload
-- is the writing transaction's id, which the feed reads once it is below the horizon. PostgreSQL sends one
-- notification per transaction and payload, however many rows changed.
CREATE FUNCTION withdrawal_notify_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('opwb_status_changes', pg_current_xact_id()::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER withdrawal_status_notify AFTER UPDATE ON withdrawal FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.status_reason IS DISTINCT FROM NEW.status_reason)
    EXECUTE FUNCTION withdrawal_notify_status_change();

CREATE TRIGGER withdrawal_insert_notify AFTER INSERT ON withdrawal FOR EACH STATEMENT
    EXECUTE FUNCTION withdrawal_notify_status_change();
