-- A later migration that names an index a backfill may have dropped (DeferredIndexUpgradeTest).
ALTER INDEX withdrawal_sender RENAME TO withdrawal_sender_renamed;
