\set base random(1, 2000000000)
begin;
insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei, gas_limit, data, l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, l2_block_time)
  select 10, sha256(int8send(:base) || int4send(i)), i, '\x1111111111111111111111111111111111111111'::bytea, '\x2222222222222222222222222222222222222222'::bytea, 1, 100000,
    '\x'::bytea, i, sha256(int4send(i)), sha256(int4send(i)), 0, 1700000000 + i
  from generate_series(1, 1000) i on conflict do nothing;
commit;
