-- The L2 block's timestamp (seconds), as the node's MessagePassed log gives it (`blockTimestamp`: anvil,
-- geth 1.16+); the status page shows it as the time a withdrawal was initiated. Null where the node does
-- not give it, and for rows indexed before V24: nothing relies on it.
ALTER TABLE withdrawal ADD COLUMN l2_block_time BIGINT;
