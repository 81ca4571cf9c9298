-- The status page for people (issue 22): look-up by address, token symbols and decimals, the dashboard's pictures.

-- Who a withdrawal concerns, decoded from its data by the indexer (storage.WithdrawalParties, from
-- chain.WithdrawalKind): on L2 the bridge transfer's from, else the message's sender, else the withdrawal's
-- sender; on L1 the transfer's to, else the message's target, else the withdrawal's target; and the L1 token
-- of a token transfer. Rows indexed before V22 have l2_account null until the worker decodes them, a
-- bounded number per cycle (storage.WithdrawalParties.fillSome, through withdrawal_parties_unfilled): the
-- decoding is Java's (one truth with the API's view), not a second one written in SQL.
ALTER TABLE withdrawal ADD COLUMN l2_account BYTEA, ADD COLUMN l1_account BYTEA, ADD COLUMN l1_token BYTEA;
CREATE INDEX withdrawal_parties_unfilled ON withdrawal (l2_chain_id, withdrawal_hash) WHERE l2_account IS NULL;

-- Look-up by address (GET /api/addresses/{address}/withdrawals): each side is one index range in the
-- list's order, so a page costs its size, however many withdrawals the address or the table has.
CREATE INDEX withdrawal_l2_account_newest
    ON withdrawal (l2_account, l2_block_number, l2_log_index, l2_chain_id, withdrawal_hash);
CREATE INDEX withdrawal_l1_account_newest
    ON withdrawal (l1_account, l2_block_number, l2_log_index, l2_chain_id, withdrawal_hash);
-- Rows from before V22 are found once the worker has decoded them (minutes after the upgrade).

-- An L1 token's symbol and decimals, read once by the worker (the api role never asks a node). UNREAD: not
-- asked yet (or the node gave no verdict: asked again later); READ: it answered; NO_ANSWER: it reverted,
-- answered bytes that do not decode, a symbol no one can show, or decimals over 255 (amounts stay raw).
CREATE TABLE token_metadata (
    l2_chain_id  BIGINT      NOT NULL,
    l1_token     BYTEA       NOT NULL CHECK (octet_length(l1_token) = 20),
    state        TEXT        NOT NULL DEFAULT 'UNREAD' CHECK (state IN ('UNREAD', 'READ', 'NO_ANSWER')),
    symbol       TEXT        CHECK (length(symbol) <= 32),
    decimals     SMALLINT    CHECK (decimals BETWEEN 0 AND 255),
    why          TEXT,
    read_at      TIMESTAMPTZ,
    PRIMARY KEY (l2_chain_id, l1_token)
);
CREATE INDEX token_metadata_unread ON token_metadata (l2_chain_id, l1_token) WHERE state = 'UNREAD';

-- The dashboard's "what is waiting and why": withdrawals not final and not skipped, by reason; the index
-- holds only those, so the count grows with the work in flight, not with history.
CREATE INDEX withdrawal_waiting_reason ON withdrawal (reason_code)
    WHERE status NOT IN ('FINALIZED', 'FINALIZED_FAILED_CALL', 'SKIPPED');
