-- A super-root game: the L2 timestamp of its super root (its l2SequenceNumber) and its output root for this chain
-- (its rootClaimByChainId), from which the service rebuilds the single-chain super root preimage a proof needs.
-- Null on output-root games, whose root claim is the output root. Such a game's l2_block_number is -1 until the
-- service has found, on its L2 node, the last block at or before that timestamp.
ALTER TABLE dispute_game ADD COLUMN super_root_timestamp bigint;
ALTER TABLE dispute_game ADD COLUMN output_root bytea;
