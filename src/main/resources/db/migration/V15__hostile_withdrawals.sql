-- A withdrawal whose call to its target fails in simulation is skipped only when it fails again at a
-- later L1 block: the block of the first failure is kept here (null: none seen, or it passed since).
ALTER TABLE withdrawal ADD COLUMN target_failure_block BIGINT;

-- Submission held for a chain by a condition of the chain itself (its portal is paused), with the
-- reason shown in the API and readiness; cleared when the condition ends. Uses up no attempts.
CREATE TABLE submission_hold (
    l2_chain_id BIGINT      PRIMARY KEY,
    reason      TEXT        NOT NULL,
    since       TIMESTAMPTZ NOT NULL DEFAULT now()
);
