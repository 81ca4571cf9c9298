-- Withdrawals initiated on L2 (L2ToL1MessagePasser.MessagePassed), one row per withdrawal hash.
CREATE TABLE withdrawal (
    withdrawal_hash   BYTEA        PRIMARY KEY CHECK (octet_length(withdrawal_hash) = 32),
    nonce             NUMERIC(78)  NOT NULL,
    sender            BYTEA        NOT NULL CHECK (octet_length(sender) = 20),
    target            BYTEA        NOT NULL CHECK (octet_length(target) = 20),
    value_wei         NUMERIC(78)  NOT NULL,
    gas_limit         NUMERIC(78)  NOT NULL,
    data              BYTEA        NOT NULL,
    l2_block_number   BIGINT       NOT NULL,
    l2_block_hash     BYTEA        NOT NULL,
    l2_tx_hash        BYTEA        NOT NULL,
    l2_log_index      INTEGER      NOT NULL,
    indexed_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX withdrawal_l2_tx_hash ON withdrawal (l2_tx_hash);
CREATE INDEX withdrawal_sender ON withdrawal (sender);
CREATE INDEX withdrawal_target ON withdrawal (target);
CREATE INDEX withdrawal_l2_block ON withdrawal (l2_block_number);
