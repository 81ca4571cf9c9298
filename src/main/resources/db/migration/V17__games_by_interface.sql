-- A game the service cannot use, and why (a super-root game, a game that answers neither
-- l2BlockNumber nor l2SequenceNumber): kept, reported, never proven against or trusted.
ALTER TABLE dispute_game ADD COLUMN unusable_reason text;

-- On portals with an AnchorStateRegistry (4.x and later): the registry's isGameRespected, fixed at the
-- game's creation; null where the portal keeps the rules itself.
ALTER TABLE dispute_game ADD COLUMN respected_when_created boolean;
