-- Withdrawals by chain and status, kept exact as rows come, change and go (issue 23), so that the metrics
-- (every 15 s) and the dashboard (every view) read a few rows instead of counting every withdrawal ever seen.
--
-- Writers only append: each statement that changes a count adds its deltas as new rows, and no writer
-- updates a shared row, so the backfill's parallel inserts and the pipeline's long transactions never wait
-- for one another here, and cannot deadlock on it. A reader sums the rows of a pair; the worker folds
-- them every few seconds (storage.StatusCounts.FOLD) into one row per pair, so the table holds one row per
-- (chain, status) plus the changes since the last fold, however many withdrawals there are.
CREATE TABLE withdrawal_status_count (
    l2_chain_id BIGINT NOT NULL,
    status      TEXT   NOT NULL,
    n           BIGINT NOT NULL
);

-- New withdrawals: one row per (chain, status) a statement wrote, however many rows it inserted (the
-- backfill writes a range in one statement). The transition table holds only the rows inserted: those an
-- ON CONFLICT DO NOTHING left alone are not counted twice.
CREATE FUNCTION withdrawal_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO withdrawal_status_count (l2_chain_id, status, n)
        SELECT l2_chain_id, status, count(*) FROM inserted_withdrawal GROUP BY l2_chain_id, status;
    RETURN NULL;
END $$;

-- Withdrawals gone (an L2 reorg orphans them: storage.WithdrawalRows.deleteAfter).
CREATE FUNCTION withdrawal_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO withdrawal_status_count (l2_chain_id, status, n)
        SELECT l2_chain_id, status, -count(*) FROM deleted_withdrawal GROUP BY l2_chain_id, status;
    RETURN NULL;
END $$;

-- A status (or chain: storage.ChainAdoption) changed. Row by row, like the status triggers of V16 and V23:
-- most updates of a withdrawal leave its status alone and so cost nothing here (a statement trigger's
-- transition tables would copy every updated row, status changed or not), and the pipeline changes
-- statuses one entity, so one statement, at a time.
CREATE FUNCTION withdrawal_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO withdrawal_status_count (l2_chain_id, status, n)
        VALUES (OLD.l2_chain_id, OLD.status, -1), (NEW.l2_chain_id, NEW.status, 1);
    RETURN NULL;
END $$;

-- Created before the seed below: CREATE TRIGGER locks out writers until this migration commits, so the seed
-- and the triggers together count every row once.
CREATE TRIGGER withdrawal_count_insert AFTER INSERT ON withdrawal
    REFERENCING NEW TABLE AS inserted_withdrawal FOR EACH STATEMENT EXECUTE FUNCTION withdrawal_count_inserted();
CREATE TRIGGER withdrawal_count_delete AFTER DELETE ON withdrawal
    REFERENCING OLD TABLE AS deleted_withdrawal FOR EACH STATEMENT EXECUTE FUNCTION withdrawal_count_deleted();
CREATE TRIGGER withdrawal_count_update AFTER UPDATE ON withdrawal FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.l2_chain_id IS DISTINCT FROM NEW.l2_chain_id)
    EXECUTE FUNCTION withdrawal_count_changed();
-- TRUNCATE (tests, an operator starting over) leaves no rows, so no counts: the counts table is the argument.
CREATE FUNCTION count_table_cleared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DELETE FROM %I', TG_ARGV[0]);
    RETURN NULL;
END $$;
CREATE TRIGGER withdrawal_count_truncate AFTER TRUNCATE ON withdrawal FOR EACH STATEMENT
    EXECUTE FUNCTION count_table_cleared('withdrawal_status_count');

INSERT INTO withdrawal_status_count (l2_chain_id, status, n)
    SELECT l2_chain_id, status, count(*) FROM withdrawal GROUP BY l2_chain_id, status;

-- The fold: a pair's rows become one (none when they sum to zero), in one statement, so a reader sees the
-- sums before or after it, never half. Two folds at once stay exact: the second waits for the rows the first
-- deletes, finds them gone and skips them, and does not see the first's sums (its snapshot is older).
CREATE FUNCTION withdrawal_status_count_fold() RETURNS bigint LANGUAGE sql AS $$
    WITH gone AS (DELETE FROM withdrawal_status_count RETURNING l2_chain_id, status, n),
         folded AS (INSERT INTO withdrawal_status_count (l2_chain_id, status, n)
             SELECT l2_chain_id, status, sum(n) FROM gone GROUP BY l2_chain_id, status HAVING sum(n) <> 0)
    SELECT count(*) FROM gone;
$$;

-- Batches by chain, kind and status with their gas, kept the same way for the metrics and the dashboard's
-- totals. A batch is written a few times in its life (sent, mined, its gas known), one row at a time: a row
-- trigger, and only when what is counted changes.
CREATE TABLE batch_count (
    l2_chain_id    BIGINT NOT NULL,
    kind           TEXT   NOT NULL,
    status         TEXT   NOT NULL,
    batches        BIGINT NOT NULL,
    gas_used       BIGINT NOT NULL,
    gas_saved      BIGINT NOT NULL,
    with_gas_saved BIGINT NOT NULL
);

CREATE FUNCTION batch_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO batch_count VALUES (OLD.l2_chain_id, OLD.kind, OLD.status, -1, -coalesce(OLD.gas_used, 0),
            -coalesce(OLD.gas_saved, 0), CASE WHEN OLD.gas_saved IS NULL THEN 0 ELSE -1 END);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO batch_count VALUES (NEW.l2_chain_id, NEW.kind, NEW.status, 1, coalesce(NEW.gas_used, 0),
            coalesce(NEW.gas_saved, 0), CASE WHEN NEW.gas_saved IS NULL THEN 0 ELSE 1 END);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER batch_count_insert_delete AFTER INSERT OR DELETE ON batch FOR EACH ROW
    EXECUTE FUNCTION batch_count_changed();
CREATE TRIGGER batch_count_update AFTER UPDATE ON batch FOR EACH ROW
    WHEN ((OLD.l2_chain_id, OLD.kind, OLD.status, OLD.gas_used, OLD.gas_saved)
        IS DISTINCT FROM (NEW.l2_chain_id, NEW.kind, NEW.status, NEW.gas_used, NEW.gas_saved))
    EXECUTE FUNCTION batch_count_changed();
CREATE TRIGGER batch_count_truncate AFTER TRUNCATE ON batch FOR EACH STATEMENT
    EXECUTE FUNCTION count_table_cleared('batch_count');

INSERT INTO batch_count
    SELECT l2_chain_id, kind, status, count(*), coalesce(sum(gas_used), 0), coalesce(sum(gas_saved), 0), count(gas_saved)
    FROM batch GROUP BY l2_chain_id, kind, status;

CREATE FUNCTION batch_count_fold() RETURNS bigint LANGUAGE sql AS $$
    WITH gone AS (DELETE FROM batch_count RETURNING *),
         folded AS (INSERT INTO batch_count SELECT l2_chain_id, kind, status, sum(batches), sum(gas_used), sum(gas_saved),
             sum(with_gas_saved) FROM gone GROUP BY l2_chain_id, kind, status HAVING sum(batches) <> 0)
    SELECT count(*) FROM gone;
$$;
