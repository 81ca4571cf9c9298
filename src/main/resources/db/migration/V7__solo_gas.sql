-- What each item would have cost as a transaction of its own (one transaction per step), measured
-- by the node before sending: the baseline of the gas a batch saves. Null when the node could not say.
ALTER TABLE batch_item ADD COLUMN solo_gas BIGINT;
ALTER TABLE batch ADD COLUMN gas_saved BIGINT;
