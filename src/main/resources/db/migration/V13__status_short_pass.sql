-- The status tracker's short pass reads the waiting withdrawals it has not decided yet (new ones,
-- operator retries) through this index, not by reading past the many that wait for a game.
-- The predicate's text matches the tracker's query (StatusTracker.MAY_MOVE, StatusRules.NO_GAME_YET).
CREATE INDEX withdrawal_waiting_undecided ON withdrawal (l2_chain_id, l2_block_number, l2_log_index)
    WHERE status = 'WAITING_FOR_GAME'
      AND (status_reason IS NULL OR status_reason NOT LIKE 'no trusted game covers L2 block %');
