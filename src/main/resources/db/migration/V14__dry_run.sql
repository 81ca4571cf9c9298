-- Dry-run mode: the batches the service would have sent, simulated on L1 and never signed, with
-- the gas the node says they would use and what one transaction per step would have cost.
CREATE TABLE dry_run_batch (
    id              BIGSERIAL PRIMARY KEY,
    l2_chain_id     BIGINT      NOT NULL,
    kind            TEXT        NOT NULL,
    game_index      BIGINT,
    item_count      INTEGER     NOT NULL,
    calldata_bytes  INTEGER     NOT NULL,
    -- The gas limit it would have been signed with.
    gas_limit       BIGINT      NOT NULL,
    -- The address it was simulated from (an operator of the batcher).
    sender          BYTEA       NOT NULL,
    -- gasUsed of the simulated transaction; null when the simulation failed (see failure).
    simulated_gas   BIGINT,
    -- The sum of the items' own gas as one transaction each; null if any is unknown.
    solo_gas        BIGINT,
    failure         TEXT,
    calldata        BYTEA       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX dry_run_batch_newest ON dry_run_batch (id DESC);

-- A withdrawal is simulated once per kind: later cycles leave it out.
CREATE TABLE dry_run_item (
    batch_id        BIGINT  NOT NULL REFERENCES dry_run_batch (id),
    position        INTEGER NOT NULL,
    l2_chain_id     BIGINT  NOT NULL,
    withdrawal_hash BYTEA   NOT NULL,
    kind            TEXT    NOT NULL,
    solo_gas        BIGINT,
    PRIMARY KEY (batch_id, position)
);
CREATE INDEX dry_run_item_withdrawal ON dry_run_item (withdrawal_hash, l2_chain_id, kind);
