begin;
update withdrawal set status = 'READY_TO_PROVE' where ctid = any (array(select ctid from withdrawal where l2_chain_id = 10 and status = 'WAITING_FOR_GAME' limit 20));
select pg_sleep(0.3);
commit;
