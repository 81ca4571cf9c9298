-- When the service saw each withdrawal proven and finalized (the stage-latency metrics and ETAs).
ALTER TABLE withdrawal
    ADD COLUMN proven_seen_at    TIMESTAMPTZ,
    ADD COLUMN finalized_seen_at TIMESTAMPTZ;
CREATE INDEX withdrawal_proven_seen ON withdrawal (proven_seen_at);
CREATE INDEX withdrawal_finalized_seen ON withdrawal (finalized_seen_at);
