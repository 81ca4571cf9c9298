-- The status pass reads only the withdrawals that may have changed (issue 23): those a fact concerns
-- (a new or removed proof or finalization, a game's change, a status written by another stage) and
-- those whose clock threshold has come (a proof matures, a game becomes final, an estimate runs out).
-- Until then a withdrawal's status, reason and ETA stay as the pass left them: history (finalized and
-- skipped withdrawals) is never read on a timer.

-- When the pass must decide this withdrawal again: an L1 timestamp (seconds), 0 as soon as it can;
-- null: only when a fact concerns it. New rows (whoever inserts them, COPY included) are due at once.
ALTER TABLE withdrawal ADD COLUMN recheck_at BIGINT DEFAULT 0;
-- Final and in-flight withdrawals wait for a fact (a reorg's removed finalization, a receipt).
UPDATE withdrawal SET recheck_at = NULL
    WHERE status IN ('FINALIZED', 'FINALIZED_FAILED_CALL', 'PROVING', 'FINALIZING');

-- Only rows with a recheck time are in it: its size follows the open withdrawals, not history.
CREATE INDEX withdrawal_recheck ON withdrawal (l2_chain_id, recheck_at) WHERE recheck_at IS NOT NULL;

-- A status or reason written by anyone but the pass (a receipt, an attempt's failure, an operator's
-- retry, the chain's finalization check) makes the row due, unless that writer set the recheck time
-- itself (the pass does). In-flight rows wait for their receipt.
CREATE FUNCTION withdrawal_recheck_on_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.recheck_at := CASE WHEN NEW.status IN ('PROVING', 'FINALIZING') THEN NULL ELSE 0 END;
    RETURN NEW;
END
$$;

CREATE TRIGGER withdrawal_status_recheck BEFORE UPDATE ON withdrawal FOR EACH ROW
    WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD.status_reason IS DISTINCT FROM NEW.status_reason)
          AND OLD.recheck_at IS NOT DISTINCT FROM NEW.recheck_at)
    EXECUTE FUNCTION withdrawal_recheck_on_status();

-- A proof or finalization indexed or rolled back (an L1 reorg) makes its withdrawal due. A removed
-- finalization makes even a finalized one due: the facts decide again.
CREATE FUNCTION withdrawal_recheck_on_fact() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    fact RECORD := COALESCE(NEW, OLD); -- the one a DELETE leaves (NEW is null there)
BEGIN
    UPDATE withdrawal SET recheck_at = 0
        WHERE withdrawal_hash = fact.withdrawal_hash AND l2_chain_id = fact.l2_chain_id
          AND status NOT IN ('PROVING', 'FINALIZING')
          AND (TG_OP = 'DELETE' OR status NOT IN ('FINALIZED', 'FINALIZED_FAILED_CALL'))
          AND recheck_at IS DISTINCT FROM 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER portal_proof_recheck AFTER INSERT OR DELETE ON portal_proof FOR EACH ROW
    EXECUTE FUNCTION withdrawal_recheck_on_fact();
CREATE TRIGGER portal_finalization_recheck AFTER INSERT OR DELETE ON portal_finalization FOR EACH ROW
    EXECUTE FUNCTION withdrawal_recheck_on_fact();
CREATE TRIGGER portal_finalization_changed_recheck AFTER UPDATE ON portal_finalization FOR EACH ROW
    WHEN (OLD.success IS DISTINCT FROM NEW.success) EXECUTE FUNCTION withdrawal_recheck_on_fact();

-- A game that appears, changes what the rules read of it (resolution, blacklisting, our verdict on its
-- root, the registry's) or is rolled back makes the open withdrawals proven against it due. Games
-- that start or stop covering blocks are the pass's own comparison (storage.StatusBasis).
CREATE INDEX portal_proof_game ON portal_proof (l2_chain_id, dispute_game);

CREATE FUNCTION withdrawal_recheck_on_game() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    game RECORD := COALESCE(NEW, OLD);
BEGIN
    UPDATE withdrawal w SET recheck_at = 0
        FROM portal_proof p
        WHERE p.l2_chain_id = game.l2_chain_id AND p.dispute_game = game.address
          AND w.l2_chain_id = p.l2_chain_id AND w.withdrawal_hash = p.withdrawal_hash
          AND w.status NOT IN ('PROVING', 'FINALIZING', 'FINALIZED', 'FINALIZED_FAILED_CALL')
          AND w.recheck_at IS DISTINCT FROM 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER dispute_game_recheck AFTER INSERT OR DELETE ON dispute_game FOR EACH ROW
    EXECUTE FUNCTION withdrawal_recheck_on_game();
CREATE TRIGGER dispute_game_changed_recheck AFTER UPDATE ON dispute_game FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
          OR OLD.blacklisted IS DISTINCT FROM NEW.blacklisted OR OLD.root_verified IS DISTINCT FROM NEW.root_verified
          OR OLD.respected_when_created IS DISTINCT FROM NEW.respected_when_created
          OR OLD.l2_block_number IS DISTINCT FROM NEW.l2_block_number OR OLD.game_type IS DISTINCT FROM NEW.game_type
          OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION withdrawal_recheck_on_game();

-- What every decision of a chain shared when the pass last ran, to tell which rows a change concerns:
-- the rules' inputs read from the chain and the configuration (respected game type, retirement, the
-- portal's clocks, selection, gas cap), the highest L2 block a trusted game covers, and the games the
-- ETAs are estimated from.
CREATE TABLE status_basis (
    l2_chain_id     BIGINT PRIMARY KEY,
    rules           TEXT   NOT NULL,
    best_game_block BIGINT NOT NULL,
    eta_games       TEXT   NOT NULL
);

-- The prove and finalize queues (WithdrawalRepository.readyToProve, readyToFinalize), one status at a
-- time in their order, up to a batch's worth: entries for queued withdrawals only, however many others.
CREATE INDEX withdrawal_queue ON withdrawal (l2_chain_id, status, status_updated_at, l2_block_number, l2_log_index)
    WHERE selected AND status IN ('READY_TO_PROVE', 'NEEDS_REPROVE', 'READY_TO_FINALIZE');

-- The games the game tracker follows every cycle (DisputeGameRepository.toFollow): the open ones, not
-- every game the chain has had.
CREATE INDEX dispute_game_to_follow ON dispute_game (l2_chain_id)
    WHERE (status = 0 OR root_verified IS NULL) AND unusable_reason IS NULL;

-- The withdrawals whose readiness the chain is asked about (StatusRechecks.askingTheChain): due every
-- pass, since a refusal is asked again after a while of wall time.
CREATE INDEX withdrawal_chain_check ON withdrawal (l2_chain_id) WHERE reason_code = 'CHAIN_CHECK';

-- The short pass's index (V13, V19) has no reader left, and took an entry for every new withdrawal.
DROP INDEX withdrawal_waiting_undecided;
