package io.opwb.api;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.L1StandardBridge;
import io.opwb.storage.DecodedWithdrawal;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.testing.TestWithdrawals;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Withdrawal rows for list pages, the same for the same seed: direct calls, messenger messages (with and
 * without a stored message hash, relayed, failed or not seen), ETH and token transfers (tokens with and without
 * a symbol read), across every status, with ETAs, proofs and first-seen times. Placed from
 * an L2 block down (three a block), above every other test's rows, the first pages of the list are theirs.
 * Their data is decoded as the indexer's insert decodes it (V22 parties, V27 kind: {@link DecodedWithdrawal}),
 * {@link Decoded#ALL} of them, or, {@link Decoded#SOME}, not those indexed before V21 (no message hash) or
 * before V27 (one in seven more), whose data the API decodes on each view.
 */
final class PageRows {

    private static final Web3j NO_NODE = Web3j.build(new HttpService("http://127.0.0.1:1"));
    private static final String L1_MESSENGER = "0x00000000000000000000000000000000000a2101";
    private static final String L1_BRIDGE = "0x00000000000000000000000000000000000a2102";
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2026, 11, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private PageRows() {
    }

    /** Which rows have their data decoded at indexing: all (after the worker's fill), or some. */
    enum Decoded {
        ALL, SOME
    }

    /** Writes {@code count} rows (seeded by {@code seed}), their tokens' metadata and the messenger's relays. */
    static void insert(Pool pool, int count, long seed, long topBlock, Decoded decodedRows) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] tokens = {address(random), address(random), address(random)};
        pool.preparedQuery("insert into token_metadata (l2_chain_id, l1_token, state, symbol, decimals) values"
                + " ($1, $2, $3, $4, $5) on conflict do nothing").executeBatch(List.of(
                        Tuple.of(TestWithdrawals.CHAIN, Buffer.buffer(tokens[0]), "READ", "TKA", (short) 6),
                        Tuple.of(TestWithdrawals.CHAIN, Buffer.buffer(tokens[1]), "READ", "TKB", (short) 18),
                        Tuple.of(TestWithdrawals.CHAIN, Buffer.buffer(tokens[2]), "UNREAD", null, null)))
                .await().indefinitely();
        WithdrawalStatus[] statuses = WithdrawalStatus.values();
        List<Tuple> rows = new ArrayList<>();
        List<Tuple> relays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = i % 4;
            byte[] sender = address(random);
            byte[] target = address(random);
            byte[] data = bytes(random, 68);
            byte[] l1Token = null;
            if (kind == 1) {
                data = relay(random, Numeric.toHexString(address(random)), Numeric.toHexString(address(random)),
                        bytes(random, 36));
            } else if (kind == 2) {
                data = relay(random, Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, Numeric.hexStringToByteArray(bridge()
                        .finalizeBridgeETH(Numeric.toHexString(address(random)), Numeric.toHexString(address(random)),
                                BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE)), new byte[0], BigInteger.ZERO).encodeFunctionCall()));
            } else if (kind == 3) {
                l1Token = tokens[i % 3];
                data = relay(random, Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, Numeric.hexStringToByteArray(bridge()
                        .finalizeBridgeERC20(Numeric.toHexString(l1Token), Numeric.toHexString(address(random)),
                                Numeric.toHexString(address(random)), Numeric.toHexString(address(random)),
                                BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE)), new byte[0]).encodeFunctionCall()));
            }
            if (kind != 0) {
                sender = Numeric.hexStringToByteArray(Predeploys.L2_CROSS_DOMAIN_MESSENGER);
                target = Numeric.hexStringToByteArray(L1_MESSENGER);
            }
            boolean beforeV21 = decodedRows == Decoded.SOME && i % 13 == 0;
            byte[] messageHash = kind != 0 && !beforeV21 ? Hash.sha3(data) : null; // null: indexed before V21
            DecodedWithdrawal decoded = beforeV21 || decodedRows == Decoded.SOME && i % 7 == 3 ? null
                    : DecodedWithdrawal.of(sender, target, data);
            if (kind != 0 && i % 5 < 2) {
                relays.add(Tuple.from(List.of(Buffer.buffer(Hash.sha3(data)), i % 5 == 0, 20_000L + i,
                        Buffer.buffer(bytes(random, 32)), Buffer.buffer(bytes(random, 32)), i, TestWithdrawals.CHAIN)));
            }
            WithdrawalStatus status = statuses[i % statuses.length];
            boolean open = !status.isFinal() && status != WithdrawalStatus.SKIPPED;
            boolean proven = status.ordinal() >= WithdrawalStatus.PROVEN_MATURING.ordinal();
            boolean finalized = status == WithdrawalStatus.FINALIZED || status == WithdrawalStatus.FINALIZED_FAILED_CALL;
            long eta = 1_790_000_000L + i;
            List<Object> values = new ArrayList<>(List.of(TestWithdrawals.CHAIN, Buffer.buffer(Hash.sha3(bytes(random, 32))),
                    new java.math.BigDecimal(BigInteger.ONE.shiftLeft(240).add(BigInteger.valueOf(i))),
                    Buffer.buffer(sender), Buffer.buffer(target),
                    new java.math.BigDecimal(BigInteger.valueOf(random.nextLong(0, Long.MAX_VALUE)).multiply(BigInteger.TEN)),
                    new java.math.BigDecimal(100_000 + i), Buffer.buffer(data), topBlock - i / 3,
                    Buffer.buffer(bytes(random, 32)), Buffer.buffer(bytes(random, 32)), i % 3, EPOCH.plusSeconds(i),
                    status.name()));
            values.add(reason(status).name());
            values.add(open ? "waiting, row " + i : null);
            values.add(EPOCH.plusSeconds(2L * i));
            values.add(i % 7 != 0);
            values.add(proven && i % 3 != 0 ? Buffer.buffer(address(random)) : null);
            values.add(open ? eta : null);
            values.add(open && i % 2 == 0 ? eta + 3_600 : null);
            values.add(open ? eta + 7 * 86_400 : null);
            values.add(open && i % 2 == 0 ? eta + 7 * 86_400 + 3_600 : null);
            values.add(open && i % 11 != 0 ? "game cadence" : null);
            values.add(kind == 0 || i % 3 != 0 ? null : i % 2 == 0 ? "RELAYED" : "FAILED");
            values.add(messageHash == null ? null : Buffer.buffer(messageHash));
            values.add(proven ? EPOCH.plusSeconds(3L * i) : null);
            values.add(finalized ? EPOCH.plusSeconds(4L * i) : null);
            values.add(l1Token == null ? null : Buffer.buffer(l1Token));
            values.add(Buffer.buffer(decoded == null ? sender : decoded.parties().l2Account()));
            values.add(Buffer.buffer(decoded == null ? target : decoded.parties().l1Account()));
            values.add(decoded == null ? null : decoded.kind().name());
            values.add(decoded == null ? null : decoded.messageNonce());
            values.add(decoded == null || decoded.messageTarget() == null ? null : Buffer.buffer(decoded.messageTarget()));
            values.add(decoded == null ? null : decoded.messageValue());
            values.add(decoded == null ? null : decoded.messageMinGasLimit());
            values.add(decoded == null || decoded.transferL2Token() == null ? null : Buffer.buffer(decoded.transferL2Token()));
            values.add(decoded == null ? null : decoded.transferAmount());
            rows.add(Tuple.from(values));
        }
        String insert = "insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, target, value_wei, gas_limit,"
                + " data, l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, indexed_at, status, reason_code,"
                + " status_reason, status_updated_at, selected, proof_submitter, eta_provable_at, eta_proven_by,"
                + " eta_finalizable_at, eta_finalized_by, eta_basis, message_relay, message_hash, proven_seen_at,"
                + " finalized_seen_at, l1_token, l2_account, l1_account, kind, message_nonce, message_target, message_value,"
                + " message_min_gas_limit, transfer_l2_token, transfer_amount) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                + " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29,"
                + " $30, $31, $32, $33, $34, $35, $36, $37, $38)";
        for (int from = 0; from < rows.size(); from += 1_000) {
            pool.preparedQuery(insert).executeBatch(rows.subList(from, Math.min(rows.size(), from + 1_000)))
                    .await().indefinitely();
        }
        if (!relays.isEmpty()) {
            pool.preparedQuery("insert into messenger_relay (message_hash, relayed, l1_block_number, l1_block_hash,"
                    + " l1_tx_hash, log_index, l2_chain_id) values ($1, $2, $3, $4, $5, $6, $7)").executeBatch(relays)
                    .await().indefinitely();
        }
        pool.query("analyze withdrawal").execute().await().indefinitely();
    }

    private static ReasonCode reason(WithdrawalStatus status) {
        return switch (status) {
            case WAITING_FOR_GAME -> ReasonCode.NO_GAME_YET;
            case READY_TO_PROVE, READY_TO_FINALIZE -> ReasonCode.NOT_SELECTED;
            case PROVING, FINALIZING -> ReasonCode.IN_BATCH;
            case PROVEN_MATURING -> ReasonCode.PROOF_MATURING;
            case FINALIZED -> ReasonCode.FINALIZED_BY_US;
            case FINALIZED_FAILED_CALL -> ReasonCode.TARGET_CALL_FAILED;
            case SKIPPED -> ReasonCode.GAS_LIMIT_TOO_HIGH;
            default -> ReasonCode.PROOF_VOID;
        };
    }

    private static byte[] relay(SplittableRandom random, String sender, String target, byte[] message) {
        L1CrossDomainMessenger messenger = L1CrossDomainMessenger.load(L1_MESSENGER, NO_NODE,
                new ReadonlyTransactionManager(NO_NODE, L1_MESSENGER), new DefaultGasProvider());
        return Numeric.hexStringToByteArray(messenger.relayMessage(BigInteger.valueOf(random.nextLong(0, 1L << 40)),
                sender, target, BigInteger.valueOf(random.nextLong(0, 1L << 50)), BigInteger.valueOf(200_000), message,
                BigInteger.ZERO).encodeFunctionCall());
    }

    private static L1StandardBridge bridge() {
        return L1StandardBridge.load(L1_BRIDGE, NO_NODE, new ReadonlyTransactionManager(NO_NODE, L1_BRIDGE),
                new DefaultGasProvider());
    }

    private static byte[] address(SplittableRandom random) {
        return bytes(random, 20);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
