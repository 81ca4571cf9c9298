-- Status of each withdrawal, the L1 facts it is derived from, batches and their transactions.

ALTER TABLE withdrawal
    ADD COLUMN status             TEXT        NOT NULL DEFAULT 'WAITING_FOR_GAME',
    ADD COLUMN status_reason      TEXT,
    ADD COLUMN status_updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN selected           BOOLEAN     NOT NULL DEFAULT TRUE,
    ADD COLUMN prove_batch_id     BIGINT,
    ADD COLUMN finalize_batch_id  BIGINT,
    ADD COLUMN proof_submitter    BYTEA,       -- whose proof finalizes it (ours, or another's)
    ADD COLUMN prove_failures     INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN finalize_failures  INTEGER     NOT NULL DEFAULT 0;
CREATE INDEX withdrawal_status ON withdrawal (status);

-- Where each indexer has got to, and the hash of that block, to notice reorgs.
CREATE TABLE indexer_checkpoint (
    name          TEXT   PRIMARY KEY,
    next_block    BIGINT NOT NULL,
    range_size    INTEGER NOT NULL
);

-- Hashes of the last blocks each indexer read up to: the fork point of a reorg is found here.
CREATE TABLE indexed_block (
    id           BIGSERIAL PRIMARY KEY,
    indexer      TEXT   NOT NULL,
    block_number BIGINT NOT NULL,
    block_hash   BYTEA  NOT NULL,
    UNIQUE (indexer, block_number)
);

-- Dispute games (DisputeGameFactory.DisputeGameCreated), their status, and our verdict on their root.
CREATE TABLE dispute_game (
    game_index      BIGINT      PRIMARY KEY,
    address         BYTEA       NOT NULL UNIQUE,
    game_type       BIGINT      NOT NULL,
    root_claim      BYTEA       NOT NULL,
    l2_block_number BIGINT      NOT NULL,
    created_at      BIGINT      NOT NULL,     -- L1 timestamp, seconds
    l1_block_number BIGINT      NOT NULL,
    l1_block_hash   BYTEA       NOT NULL,
    status          INTEGER     NOT NULL DEFAULT 0, -- 0 IN_PROGRESS, 1 CHALLENGER_WINS, 2 DEFENDER_WINS
    resolved_at     BIGINT,
    root_verified   BOOLEAN,                  -- null: not checked yet; false: never use it
    blacklisted     BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX dispute_game_l2_block ON dispute_game (l2_block_number);

-- Proofs on the portal (WithdrawalProven + WithdrawalProvenExtension1), by any submitter.
CREATE TABLE portal_proof (
    id              BIGSERIAL PRIMARY KEY,
    withdrawal_hash BYTEA  NOT NULL,
    submitter       BYTEA  NOT NULL,
    dispute_game    BYTEA  NOT NULL,             -- provenWithdrawals(hash, submitter) at that block
    proven_at       BIGINT NOT NULL,             -- its timestamp (L1 seconds)
    l1_block_number BIGINT NOT NULL,
    l1_block_hash   BYTEA  NOT NULL,
    l1_tx_hash      BYTEA  NOT NULL,
    log_index       INTEGER NOT NULL,
    UNIQUE (l1_tx_hash, log_index)
);
CREATE INDEX portal_proof_withdrawal ON portal_proof (withdrawal_hash);

-- Finalizations on the portal (WithdrawalFinalized).
CREATE TABLE portal_finalization (
    withdrawal_hash BYTEA   PRIMARY KEY,
    success         BOOLEAN NOT NULL,
    l1_block_number BIGINT  NOT NULL,
    l1_block_hash   BYTEA   NOT NULL,
    l1_tx_hash      BYTEA   NOT NULL
);

-- Portal-wide facts: respected game type changes.
CREATE TABLE portal_state (
    id                          INTEGER PRIMARY KEY CHECK (id = 1),
    respected_game_type         BIGINT,
    respected_game_type_updated BIGINT
);

-- One prove or finalize batch, sent through WithdrawalBatcher in one L1 transaction.
CREATE TABLE batch (
    id              BIGSERIAL   PRIMARY KEY,
    kind            TEXT        NOT NULL,          -- PROVE | FINALIZE
    status          TEXT        NOT NULL,          -- SUBMITTED | CONFIRMED | REVERTED
    game_index      BIGINT,
    item_count      INTEGER     NOT NULL,
    calldata_bytes  INTEGER,
    gas_limit       BIGINT,
    gas_used        BIGINT,
    l1_block_number BIGINT,
    tx_hash         BYTEA,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    confirmed_at    TIMESTAMPTZ
);

CREATE TABLE batch_item (
    id              BIGSERIAL PRIMARY KEY,
    batch_id        BIGINT NOT NULL REFERENCES batch (id),
    withdrawal_hash BYTEA  NOT NULL REFERENCES withdrawal (withdrawal_hash),
    position        INTEGER NOT NULL,
    proof_submitter BYTEA,
    outcome         TEXT,                           -- DONE | ALREADY_DONE | FAILED | OUT_OF_GAS; null until mined
    reason          TEXT,
    UNIQUE (batch_id, withdrawal_hash)
);
CREATE INDEX batch_item_withdrawal ON batch_item (withdrawal_hash);

-- Every signed L1 transaction, persisted before it is broadcast.
CREATE TABLE l1_transaction (
    id                 BIGSERIAL   PRIMARY KEY,
    batch_id           BIGINT      REFERENCES batch (id),
    sender             BYTEA       NOT NULL,
    nonce              BIGINT      NOT NULL,
    tx_hash            BYTEA       NOT NULL UNIQUE,
    raw                BYTEA       NOT NULL,
    max_fee_per_gas    NUMERIC(78) NOT NULL,
    max_priority_fee   NUMERIC(78) NOT NULL,
    gas_limit          BIGINT      NOT NULL,
    status             TEXT        NOT NULL,       -- SIGNED | BROADCAST | MINED | FAILED
    error              TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The next nonce of each signing account, kept here so that a restart never reuses one.
CREATE TABLE signer_nonce (
    address    BYTEA  PRIMARY KEY,
    next_nonce BIGINT NOT NULL
);
