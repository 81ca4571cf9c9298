-- Since when a transaction waits to be mined: its signing, or the L1 reorg that took it out of its block.
-- The follower replaces a transaction that waited too long; a reopened batch's wait starts at the reorg,
-- also after a restart (it was kept in memory until now, so a restart counted it from its signing).
ALTER TABLE l1_transaction ADD COLUMN waiting_since TIMESTAMPTZ;
UPDATE l1_transaction SET waiting_since = created_at;
ALTER TABLE l1_transaction ALTER COLUMN waiting_since SET NOT NULL;
ALTER TABLE l1_transaction ALTER COLUMN waiting_since SET DEFAULT now();
