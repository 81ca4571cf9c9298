-- Indexes for a table of hundreds of thousands of withdrawals: what the API asks and what the
-- backfill has to maintain for every row it inserts.

-- The API looks withdrawals up by hash alone (the chain only when a hash is on two chains): the
-- primary keys lead with the hash. Same columns, so the foreign key and ON CONFLICT still match.
ALTER TABLE batch_item DROP CONSTRAINT batch_item_l2_chain_id_withdrawal_hash_fkey;
ALTER TABLE withdrawal DROP CONSTRAINT withdrawal_pkey;
ALTER TABLE withdrawal ADD PRIMARY KEY (withdrawal_hash, l2_chain_id);
ALTER TABLE batch_item ADD FOREIGN KEY (l2_chain_id, withdrawal_hash)
    REFERENCES withdrawal (l2_chain_id, withdrawal_hash) ON UPDATE CASCADE;
ALTER TABLE portal_finalization DROP CONSTRAINT portal_finalization_pkey;
ALTER TABLE portal_finalization ADD PRIMARY KEY (withdrawal_hash, l2_chain_id);

-- The list's order (newest first) read from an index rather than sorted per request.
DROP INDEX withdrawal_l2_block;
CREATE INDEX withdrawal_newest ON withdrawal (l2_block_number, l2_log_index, l2_chain_id);

-- Stage times are set on few rows: a new withdrawal adds no entry here.
DROP INDEX withdrawal_proven_seen;
DROP INDEX withdrawal_finalized_seen;
CREATE INDEX withdrawal_proven_seen ON withdrawal (proven_seen_at) WHERE proven_seen_at IS NOT NULL;
CREATE INDEX withdrawal_finalized_seen ON withdrawal (finalized_seen_at) WHERE finalized_seen_at IS NOT NULL;

-- The status feed asks for recent changes every second while anyone listens.
CREATE INDEX withdrawal_status_updated ON withdrawal (status_updated_at);
