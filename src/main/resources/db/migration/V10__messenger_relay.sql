-- The L1 messenger's verdicts on messages (RelayedMessage, FailedRelayedMessage), by anyone: a
-- message our batch left failed and someone replayed shows as relayed. Indexed with the portal's events.
CREATE TABLE messenger_relay (
    id              BIGSERIAL PRIMARY KEY,
    message_hash    BYTEA   NOT NULL, -- the messenger's versioned hash: keccak of the withdrawal's data
    relayed         BOOLEAN NOT NULL,
    l1_block_number BIGINT  NOT NULL,
    l1_block_hash   BYTEA   NOT NULL,
    l1_tx_hash      BYTEA   NOT NULL,
    log_index       INTEGER NOT NULL,
    UNIQUE (l1_tx_hash, log_index)
);
CREATE INDEX messenger_relay_message ON messenger_relay (message_hash);
