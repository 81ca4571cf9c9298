-- The planner's view of how many withdrawals are in each status: autovacuum samples the table again
-- after 10 % of its rows changed by default, 200,000 status changes at two million withdrawals; until
-- then the queue statements may leave their partial index (issue 23). 1 % keeps the statistics within a
-- large pass's changes; the status pass itself asks for a sample after a pass of 20,000 decisions.
ALTER TABLE withdrawal SET (autovacuum_analyze_scale_factor = 0.01);
