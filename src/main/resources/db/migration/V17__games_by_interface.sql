-- A game the service cannot use, and why (a super-root game, a game that answers neither
-- l2BlockNumber nor l2SequenceNumber): kept, reported, never proven against or trusted.
ALTER TABLE dispute_game ADD COLUMN unusable_reason text;
