-- Signed manifests (manifest mode): a manifest signer's EIP-712 authorisation of a Merkle root of
-- withdrawals, executed in chunks (batches) by one or more submitter keys.
CREATE TABLE manifest (
    id            BIGSERIAL   PRIMARY KEY,
    kind          TEXT        NOT NULL CHECK (kind IN ('PROVE', 'FINALIZE')),
    -- OPEN: some items wait for their chunk; SENT: every item went out in a chunk; EXPIRED: its
    -- deadline came before the rest went out, and those went back to the queue.
    status        TEXT        NOT NULL,
    chain_id      BIGINT      NOT NULL,
    batcher       BYTEA       NOT NULL,
    portal        BYTEA       NOT NULL,
    game_index    BIGINT,
    root          BYTEA       NOT NULL,
    digest        BYTEA       NOT NULL UNIQUE,
    signer        BYTEA       NOT NULL,
    signature     BYTEA       NOT NULL,
    deadline      BIGINT      NOT NULL, -- unix seconds
    item_count    INT         NOT NULL,
    chunks_sent   INT         NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX manifest_open ON manifest (id) WHERE status = 'OPEN';

-- One leaf: (leaf_index, withdrawal_hash, proof_submitter), and the chunk that carried it.
CREATE TABLE manifest_item (
    manifest_id     BIGINT NOT NULL REFERENCES manifest (id),
    leaf_index      INT    NOT NULL,
    withdrawal_hash BYTEA  NOT NULL,
    proof_submitter BYTEA  NOT NULL,
    solo_gas        BIGINT,
    batch_id        BIGINT REFERENCES batch (id),
    PRIMARY KEY (manifest_id, leaf_index)
);
CREATE INDEX manifest_item_withdrawal ON manifest_item (withdrawal_hash);

ALTER TABLE batch ADD COLUMN manifest_id BIGINT REFERENCES manifest (id);
-- The key that signed the batch's transaction.
ALTER TABLE batch ADD COLUMN sender BYTEA;
-- Where the item's result event is in the receipt: a receipt names the log.
ALTER TABLE batch_item ADD COLUMN log_index BIGINT;
