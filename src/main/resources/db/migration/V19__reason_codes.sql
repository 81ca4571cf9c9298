-- Why a withdrawal has its status, as a code (storage.ReasonCode) beside the text for people:
-- queries and indexes read the code, so rewording a message changes no query and no plan.
ALTER TABLE withdrawal ADD COLUMN reason_code TEXT;

-- Codes for the rows already there, from the texts the service wrote until now.
UPDATE withdrawal SET reason_code = CASE
    WHEN status_reason IS NULL THEN NULL
    WHEN status_reason LIKE 'no trusted game covers L2 block %' THEN 'NO_GAME_YET'
    WHEN status_reason LIKE 'not selected%' THEN 'NOT_SELECTED'
    WHEN status_reason LIKE 'gas limit %' THEN 'GAS_LIMIT_TOO_HIGH'
    WHEN status_reason LIKE 'proof matures after %' THEN 'PROOF_MATURING'
    WHEN status_reason LIKE 'game #% has not resolved yet' THEN 'GAME_NOT_RESOLVED'
    WHEN status_reason LIKE 'game #% is final after %' THEN 'GAME_NOT_FINAL'
    WHEN status = 'PROVEN_MATURING' THEN 'CHAIN_CHECK'
    WHEN status = 'NEEDS_REPROVE' THEN 'PROOF_VOID'
    WHEN status_reason LIKE 'in batch #% again%' THEN 'IN_BATCH_AFTER_REORG'
    WHEN status IN ('PROVING', 'FINALIZING') THEN 'IN_BATCH'
    WHEN status = 'FINALIZED_FAILED_CALL' THEN 'TARGET_CALL_FAILED'
    WHEN status = 'FINALIZED' THEN 'FINALIZED_BY_US'
    WHEN status_reason = 'finalized by another party' THEN 'FINALIZED_BY_OTHER'
    WHEN status_reason LIKE 'batch #% ran out of gas for it%' THEN 'BATCH_OUT_OF_GAS'
    WHEN status_reason LIKE 'batch #%' THEN 'BATCH_FAILED'
    WHEN status_reason LIKE 'back in the queue%' THEN 'MANIFEST_RETURNED'
    WHEN status_reason LIKE '% attempt % failed%' THEN 'ATTEMPT_FAILED'
    WHEN status_reason LIKE '% failed % times%' THEN 'ATTEMPTS_EXHAUSTED'
    WHEN status_reason LIKE 'held this cycle%' THEN 'HELD'
    WHEN status_reason LIKE 'predicted failure: %' THEN 'TARGET_FAILS'
    WHEN status_reason LIKE 'the call to the target would revert at L1 block %' THEN 'TARGET_FAILED_ONCE'
    WHEN status_reason LIKE 'retry requested by an operator%' THEN 'OPERATOR_RETRY'
    WHEN status = 'SKIPPED' THEN 'TARGET_FAILS'
END;

-- The status tracker's short pass (StatusTracker.MAY_MOVE) reads the waiting withdrawals it has not
-- decided yet (new ones, operator retries) through this index, by code instead of by text (V13).
DROP INDEX withdrawal_waiting_undecided;
CREATE INDEX withdrawal_waiting_undecided ON withdrawal (l2_chain_id, l2_block_number, l2_log_index)
    WHERE status = 'WAITING_FOR_GAME' AND (reason_code IS NULL OR reason_code <> 'NO_GAME_YET');
