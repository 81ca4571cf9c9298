\timing on
insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei, gas_limit, data, l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, status, reason_code, finalized_seen_at, l2_account, l1_account, l2_block_time)
  select 10, sha256(int4send(i)), i, substring(sha256(int4send(i % 2000)) from 1 for 20), substring(sha256(int4send(i % 2000 + 5000)) from 1 for 20), 1, 100000,
    decode(repeat('ab', 100), 'hex'), i/4, sha256(int4send(i/4)), sha256(int4send(i)), 0,
    case when i % 10 = 0 then (array['WAITING_FOR_GAME','READY_TO_PROVE','PROVEN','READY_TO_FINALIZE','SKIPPED'])[1 + (i/10) % 5] else 'FINALIZED' end,
    case when i % 10 = 0 then 'NO_GAME_YET' else 'FINALIZED_BY_US' end,
    case when i % 10 = 0 then null else now() - (i % 2400) * interval '1 hour' end,
    substring(sha256(int4send(i % 2000)) from 1 for 20), substring(sha256(int4send(i % 2000 + 5000)) from 1 for 20), 1700000000 + i
  from generate_series(1, 2000000) i;
vacuum analyze withdrawal;
