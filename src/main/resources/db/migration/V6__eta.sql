-- Each unfinished withdrawal's ETA (L1 timestamps, seconds), kept by the worker so that every
-- replica's API can serve it without RPC calls.
ALTER TABLE withdrawal
    ADD COLUMN eta_provable_at    BIGINT,
    ADD COLUMN eta_proven_by      BIGINT,
    ADD COLUMN eta_finalizable_at BIGINT,
    ADD COLUMN eta_finalized_by   BIGINT,
    ADD COLUMN eta_basis          TEXT;
