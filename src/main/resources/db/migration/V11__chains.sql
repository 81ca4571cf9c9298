-- Several OP chains in one instance: every chain-specific row names its chain by L2 chain id.
-- Rows from before have 0 here; at start the service gives them to its primary chain
-- (storage.ChainAdoption), the only chain there was.

ALTER TABLE withdrawal ADD COLUMN l2_chain_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE batch_item ADD COLUMN l2_chain_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE batch_item DROP CONSTRAINT batch_item_withdrawal_hash_fkey;
ALTER TABLE withdrawal DROP CONSTRAINT withdrawal_pkey;
-- The same withdrawal hash can occur on two chains (same sender, nonce, target, value, gas and data).
ALTER TABLE withdrawal ADD PRIMARY KEY (l2_chain_id, withdrawal_hash);
ALTER TABLE batch_item ADD FOREIGN KEY (l2_chain_id, withdrawal_hash)
    REFERENCES withdrawal (l2_chain_id, withdrawal_hash) ON UPDATE CASCADE;

ALTER TABLE dispute_game ADD COLUMN l2_chain_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dispute_game DROP CONSTRAINT dispute_game_pkey;
ALTER TABLE dispute_game ADD PRIMARY KEY (l2_chain_id, game_index);
ALTER TABLE dispute_game DROP CONSTRAINT dispute_game_address_key;
ALTER TABLE dispute_game ADD UNIQUE (l2_chain_id, address);

ALTER TABLE portal_finalization ADD COLUMN l2_chain_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE portal_finalization DROP CONSTRAINT portal_finalization_pkey;
ALTER TABLE portal_finalization ADD PRIMARY KEY (l2_chain_id, withdrawal_hash);

ALTER TABLE portal_proof ADD COLUMN l2_chain_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messenger_relay ADD COLUMN l2_chain_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE batch ADD COLUMN l2_chain_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE manifest ADD COLUMN l2_chain_id BIGINT NOT NULL DEFAULT 0;

CREATE INDEX withdrawal_chain_status ON withdrawal (l2_chain_id, status);
CREATE INDEX batch_chain ON batch (l2_chain_id, id);

-- Unused since V2: portal-wide facts are read from the chain.
DROP TABLE portal_state;
