-- The live status feed (api.StatusChangeFeed) follows changes by the transaction that wrote them
-- rather than by a timestamp: a timestamp cursor needed a look-back window for transactions that
-- commit after they stamped the time, and stalled when more changes than one read fell in it.
-- Each row carries the id of the transaction that inserted it or last changed its status or
-- reason. Transaction ids (xid8, never wrapping) below the oldest one still running belong to
-- finished transactions only, so a cursor (status_txid, l2_chain_id, withdrawal_hash) below that
-- horizon never has to look back: nothing can be written behind it.

-- 0 for the rows already there (older than any cursor); no table rewrite.
ALTER TABLE withdrawal ADD COLUMN status_txid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE withdrawal ALTER COLUMN status_txid SET DEFAULT pg_current_xact_id()::text::bigint;

CREATE FUNCTION withdrawal_stamp_status_txid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.status_txid := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END
$$;

-- Whoever writes the status (Hibernate, native SQL) is stamped; other updates of the row are not changes.
CREATE TRIGGER withdrawal_status_changed BEFORE UPDATE ON withdrawal FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.status_reason IS DISTINCT FROM NEW.status_reason)
    EXECUTE FUNCTION withdrawal_stamp_status_txid();

CREATE INDEX withdrawal_status_change ON withdrawal (status_txid, l2_chain_id, withdrawal_hash);

-- It served only the feed's timestamp cursor (V12); one index more per row would slow the backfill.
DROP INDEX withdrawal_status_updated;
