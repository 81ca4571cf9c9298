\timing on
-- single-row status changes, as the pipeline's entities flush
do $$ declare h bytea; begin for h in select withdrawal_hash from withdrawal where l2_chain_id = 10 order by withdrawal_hash limit 3000 loop
  update withdrawal set status = case when status = 'READY_TO_PROVE' then 'PROVEN' else 'READY_TO_PROVE' end where l2_chain_id = 10 and withdrawal_hash = h; end loop; end $$;
-- single-row updates that leave the status alone
do $$ declare h bytea; begin for h in select withdrawal_hash from withdrawal where l2_chain_id = 10 order by withdrawal_hash limit 3000 loop
  update withdrawal set prove_failures = prove_failures + 1 where l2_chain_id = 10 and withdrawal_hash = h; end loop; end $$;
-- one statement changing 30,000 statuses
update withdrawal set status = case when status = 'READY_TO_PROVE' then 'PROVEN' else 'READY_TO_PROVE' end where withdrawal_hash in (select withdrawal_hash from withdrawal order by withdrawal_hash offset 5000 limit 30000);
select withdrawal_status_count_fold();
