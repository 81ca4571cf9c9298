-- What a withdrawal is, decoded from its data once, by the indexer's insert (storage.DecodedWithdrawal, from
-- chain.WithdrawalKind), so that a page or look-up never decodes calldata again (issue 23: a page's CPU was a
-- fifth to a quarter ABI decoding). The columns hold what the API shows that no other column holds already:
-- kind (DIRECT, MESSAGE, ETH_TRANSFER or TOKEN_TRANSFER); for a messenger message its nonce, target, value and
-- minimum gas limit (its hash is message_hash, V21; its sender l2_account, V22, or for a bridge transfer the L2
-- bridge itself); for a bridge transfer its L2 token and amount (from, to and L1 token: l2_account, l1_account,
-- l1_token, V22). Null where the kind has no such field.
--
-- kind null: not decoded yet (a row indexed before V27): the API decodes it on each view, and the worker
-- decodes such rows a bounded number per cycle (storage.WithdrawalParties.fillSome, through
-- withdrawal_decoded_unfilled), writing V22's parties and V21's message hash with them. That index replaces
-- V22's withdrawal_parties_unfilled: every row without its parties is a row without its kind.
ALTER TABLE withdrawal
    ADD COLUMN kind TEXT CHECK (kind IN ('DIRECT', 'MESSAGE', 'ETH_TRANSFER', 'TOKEN_TRANSFER')),
    ADD COLUMN message_nonce NUMERIC(78),
    ADD COLUMN message_target BYTEA,
    ADD COLUMN message_value NUMERIC(78),
    ADD COLUMN message_min_gas_limit NUMERIC(78),
    ADD COLUMN transfer_l2_token BYTEA,
    ADD COLUMN transfer_amount NUMERIC(78);
CREATE INDEX withdrawal_decoded_unfilled ON withdrawal (l2_chain_id, withdrawal_hash) WHERE kind IS NULL;
DROP INDEX withdrawal_parties_unfilled;
