-- For a withdrawal that is a messenger message: what the L1 messenger did with it when our batch
-- finalized it. RELAYED: its call succeeded; FAILED: the messenger recorded it as a failed message,
-- which anyone can replay (L1CrossDomainMessenger.relayMessage with the withdrawal's data).
ALTER TABLE withdrawal ADD COLUMN message_relay TEXT CHECK (message_relay IN ('RELAYED', 'FAILED'));
