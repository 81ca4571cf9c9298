package io.opwb.storage;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The status API's reads of withdrawals, each one statement through the PostgreSQL client: a look-up
 * with its batches, the portal's proofs and finalization and the messenger's relays joined in; a list
 * page with its batches and relays, by offset (with its capped count in the same statement) or after a
 * position in the list's order (keyset, index {@code withdrawal_newest_keyset}, V21). One statement is one
 * round trip and one snapshot; the Hibernate session the earlier look-up needed for its four is not opened.
 */
@ApplicationScoped
public class WithdrawalDetails {

    /**
     * A withdrawal as the API shows it; {@code proofs} and {@code finalization} only in look-ups. {@code kind}: its
     * data as decoded at indexing (V27), null for a row not decoded yet (the reader decodes {@code data} itself).
     */
    public record Detail(WithdrawalEntity withdrawal, byte[] proveTxHash, Long proveGameIndex, byte[] finalizeTxHash,
            List<Proof> proofs, Finalization finalization, byte[] messageHash, Boolean relayed, Long proveBlock,
            Long finalizeBlock, Token token, io.opwb.chain.WithdrawalKind kind) {

        /** Where it stands in the list's order. */
        public Position position() {
            return new Position(withdrawal.l2BlockNumber, withdrawal.l2LogIndex, withdrawal.l2ChainId,
                    withdrawal.withdrawalHash);
        }
    }

    /** The symbol and decimals its transfer's L1 token answered (V22 {@code token_metadata}, state READ). */
    public record Token(String symbol, int decimals) {
    }

    /** A proof on the portal (by anyone). */
    public record Proof(byte[] submitter, byte[] disputeGame, long provenAt, byte[] l1TxHash, long l1BlockNumber) {
    }

    public record Finalization(boolean success, byte[] l1TxHash, long l1BlockNumber) {
    }

    /** A place in the list's order, newest first: block, log index, chain, then hash, all descending. */
    public record Position(long l2BlockNumber, int l2LogIndex, long l2ChainId, byte[] withdrawalHash) {
    }

    /** A page of a list; {@code total} (capped) only for pages by offset. */
    public record Slice(List<Detail> rows, Long total) {
    }

    /** The diagnostic read: one row's status by primary key. */
    public record StatusRow(byte[] withdrawalHash, long l2ChainId, String status) {
    }

    private static final String COLUMNS = "w.l2_chain_id, w.withdrawal_hash, w.nonce, w.sender, w.target, w.value_wei,"
            + " w.gas_limit, w.data, w.l2_block_number, w.l2_block_hash, w.l2_block_time, w.l2_tx_hash, w.l2_log_index, w.indexed_at,"
            + " w.status, w.reason_code, w.status_reason, w.status_updated_at, w.selected, w.prove_batch_id,"
            + " w.finalize_batch_id, w.proof_submitter, w.eta_provable_at, w.eta_proven_by, w.eta_finalizable_at,"
            + " w.eta_finalized_by, w.eta_basis, w.message_relay, w.message_hash, w.proven_seen_at, w.finalized_seen_at,"
            + " w.kind, w.l2_account, w.l1_account, w.l1_token, w.message_nonce, w.message_target, w.message_value,"
            + " w.message_min_gas_limit, w.transfer_l2_token, w.transfer_amount,"
            + " pb.tx_hash as prove_tx_hash, pb.game_index as prove_game_index, fb.tx_hash as finalize_tx_hash,"
            + " pb.l1_block_number as prove_block, fb.l1_block_number as finalize_block,"
            + " t.symbol as token_symbol, t.decimals as token_decimals,"
            + " (select bool_or(r.relayed) from messenger_relay r where r.message_hash = w.message_hash"
            + " and r.l2_chain_id = w.l2_chain_id) as relayed";
    /** Our batches, and the symbol and decimals of a token transfer's L1 token once read (by primary key). */
    private static final String BATCHES = " left join batch pb on pb.id = w.prove_batch_id"
            + " left join batch fb on fb.id = w.finalize_batch_id"
            + " left join token_metadata t on t.l2_chain_id = w.l2_chain_id and t.l1_token = w.l1_token and t.state = 'READ'";
    /** A look-up's portal events: proofs as arrays in one order (block, then id), the finalization. */
    private static final String PORTAL_COLUMNS = ", p.submitters, p.games, p.proven_at, p.tx_hashes, p.blocks,"
            + " f.success as finalized_success, f.l1_tx_hash as finalized_tx_hash, f.l1_block_number as finalized_block";
    private static final String PORTAL_JOINS = " left join lateral (select"
            + " array_agg(submitter order by l1_block_number, id) submitters,"
            + " array_agg(dispute_game order by l1_block_number, id) games,"
            + " array_agg(proven_at order by l1_block_number, id) proven_at,"
            + " array_agg(l1_tx_hash order by l1_block_number, id) tx_hashes,"
            + " array_agg(l1_block_number order by l1_block_number, id) blocks"
            + " from portal_proof where withdrawal_hash = w.withdrawal_hash and l2_chain_id = w.l2_chain_id) p on true"
            + " left join portal_finalization f on f.withdrawal_hash = w.withdrawal_hash and f.l2_chain_id = w.l2_chain_id";
    private static final String LOOKUP = "select " + COLUMNS + PORTAL_COLUMNS + " from withdrawal w" + BATCHES + PORTAL_JOINS;
    private static final String ORDER = " order by w.l2_block_number desc, w.l2_log_index desc, w.l2_chain_id desc,"
            + " w.withdrawal_hash desc";

    private final Pool pool;

    public WithdrawalDetails(Pool pool) {
        this.pool = pool;
    }

    /** The withdrawals with this hash: on this chain, or on any of ours (null), by chain. */
    public Uni<List<Detail>> byHash(byte[] withdrawalHash, Long l2ChainId) {
        return lookup("w.withdrawal_hash = $1", withdrawalHash, l2ChainId, " order by w.l2_chain_id");
    }

    /** The withdrawals an L2 transaction initiated: on this chain, or on any of ours (null). */
    public Uni<List<Detail>> byL2TxHash(byte[] l2TxHash, Long l2ChainId) {
        return lookup("w.l2_tx_hash = $1", l2TxHash, l2ChainId, " order by w.l2_chain_id, w.l2_log_index");
    }

    private Uni<List<Detail>> lookup(String condition, byte[] hash, Long l2ChainId, String order) {
        String sql = LOOKUP + " where " + condition + (l2ChainId == null ? "" : " and w.l2_chain_id = $2") + order;
        Tuple params = l2ChainId == null ? Tuple.of(Buffer.buffer(hash)) : Tuple.of(Buffer.buffer(hash), l2ChainId);
        return pool.preparedQuery(sql).execute(params).map(rows -> details(rows, true));
    }

    /**
     * Up to {@code limit} matching withdrawals, newest first: after {@code after} when given (keyset),
     * else after skipping {@code offset} rows, with the count of matches up to {@code countCap} + 1.
     */
    public Uni<Slice> newestFirst(WithdrawalRepository.Filter filter, Position after, int offset, int limit, int countCap) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        condition(where, params, "w.l2_chain_id", filter.l2ChainId());
        condition(where, params, "w.status", filter.status() == null ? null : filter.status().name());
        condition(where, params, "w.sender", filter.sender() == null ? null : Buffer.buffer(filter.sender()));
        condition(where, params, "w.target", filter.target() == null ? null : Buffer.buffer(filter.target()));
        String matching = where.toString();
        String count = "";
        if (after != null) {
            int n = params.size();
            where.append(" and (w.l2_block_number, w.l2_log_index, w.l2_chain_id, w.withdrawal_hash) < ($")
                    .append(n + 1).append(", $").append(n + 2).append(", $").append(n + 3).append(", $").append(n + 4)
                    .append(')');
            params.addAll(List.of(after.l2BlockNumber(), after.l2LogIndex(), after.l2ChainId(),
                    Buffer.buffer(after.withdrawalHash())));
        } else {
            // Evaluated once for the statement (an init plan), on the same snapshot as the page.
            count = ", (select count(*) from (select 1 from withdrawal w where " + matching + " limit " + (countCap + 1)
                    + ") m) as matching";
        }
        // Size and offset as parameters: one prepared statement per filter combination, whatever the page.
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(limit);
        String sql = "select " + COLUMNS + count + " from withdrawal w" + BATCHES + " where " + where + ORDER
                + " limit $" + pageParams.size();
        if (after == null) {
            pageParams.add(offset);
            sql += " offset $" + pageParams.size();
        }
        Uni<RowSet<Row>> page = pool.preparedQuery(sql).execute(Tuple.from(pageParams));
        return page.chain(rows -> {
            List<Detail> details = details(rows, false);
            if (after != null) {
                return Uni.createFrom().item(new Slice(details, null));
            }
            if (rows.size() > 0) {
                return Uni.createFrom().item(new Slice(details, rows.iterator().next().getLong("matching")));
            }
            // Past the end: no row carried the count.
            return pool.preparedQuery("select count(*) from (select 1 from withdrawal w where " + matching + " limit "
                    + (countCap + 1) + ") m").execute(Tuple.from(params)).map(c -> new Slice(details, c.iterator().next().getLong(0)));
        });
    }

    /**
     * Up to {@code limit} withdrawals that concern an address, newest first, after {@code after} when given:
     * those whose L2 account (the transfer's from, the message's sender, the sender) or L1 account (the
     * transfer's to, the message's target, the target) it is (V22). Each side is one index range in the
     * list's order ({@code withdrawal_l2_account_newest}, {@code withdrawal_l1_account_newest}) cut at the
     * limit before the two are merged: a page costs its size, whatever the address's history.
     */
    public Uni<List<Detail>> byAddress(byte[] address, Long l2ChainId, Position after, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(Buffer.buffer(address));
        if (l2ChainId != null) {
            params.add(l2ChainId);
        }
        if (after != null) {
            params.addAll(List.of(after.l2BlockNumber(), after.l2LogIndex(), after.l2ChainId(),
                    Buffer.buffer(after.withdrawalHash())));
        }
        params.add(limit);
        return pool.preparedQuery(byAddressSql(l2ChainId != null, after != null)).execute(Tuple.from(params))
                .map(rows -> details(rows, false));
    }

    /** The statement of {@link #byAddress}: address $1, then the chain, the position and the limit when given. */
    static String byAddressSql(boolean byChain, boolean after) {
        int n = 1;
        StringBuilder where = new StringBuilder();
        if (byChain) {
            where.append(" and l2_chain_id = $").append(++n);
        }
        if (after) {
            where.append(" and (l2_block_number, l2_log_index, l2_chain_id, withdrawal_hash) < ($").append(n + 1)
                    .append(", $").append(n + 2).append(", $").append(n + 3).append(", $").append(n + 4).append(')');
            n += 4;
        }
        String side = " order by l2_block_number desc, l2_log_index desc, l2_chain_id desc, withdrawal_hash desc limit $"
                + (n + 1);
        return "select " + COLUMNS + " from ((select l2_chain_id, withdrawal_hash from withdrawal where l2_account = $1"
                + where + side + ") union (select l2_chain_id, withdrawal_hash from withdrawal where l1_account = $1"
                + where + side + ")) k join withdrawal w on w.l2_chain_id = k.l2_chain_id"
                + " and w.withdrawal_hash = k.withdrawal_hash" + BATCHES + ORDER + " limit $" + (n + 1);
    }

    private static void condition(StringBuilder where, List<Object> params, String column, Object value) {
        if (value != null) {
            params.add(value);
            where.append(" and ").append(column).append(" = $").append(params.size());
        }
    }

    /** Whether the L1 messenger relayed a message on a chain (a relay after a failure wins). */
    public record Relayed(long l2ChainId, byte[] messageHash, boolean relayed) {
    }

    /** The messenger's verdicts on these messages (by their hashes), for rows without a message hash. */
    public Uni<List<Relayed>> relayed(List<byte[]> messageHashes) {
        Buffer[] hashes = messageHashes.stream().map(Buffer::buffer).toArray(Buffer[]::new);
        return pool.preparedQuery("select l2_chain_id, message_hash, bool_or(relayed) from messenger_relay"
                + " where message_hash = any($1) group by l2_chain_id, message_hash").execute(Tuple.of((Object) hashes))
                .map(rows -> {
                    List<Relayed> relayed = new ArrayList<>(rows.size());
                    rows.forEach(r -> relayed.add(new Relayed(r.getLong(0), bytes(r, "message_hash"), r.getBoolean(2))));
                    return relayed;
                });
    }

    /** One withdrawal's status by primary key, and nothing else: the diagnostic endpoint's anchor read. */
    public Uni<StatusRow> statusRow(byte[] withdrawalHash, long l2ChainId) {
        return pool.preparedQuery("select status from withdrawal where withdrawal_hash = $1 and l2_chain_id = $2")
                .execute(Tuple.of(Buffer.buffer(withdrawalHash), l2ChainId))
                .map(rows -> rows.size() == 0 ? null
                        : new StatusRow(withdrawalHash, l2ChainId, rows.iterator().next().getString(0)));
    }

    private static List<Detail> details(RowSet<Row> rows, boolean withPortal) {
        List<Detail> details = new ArrayList<>(rows.size());
        Columns c = rows.size() == 0 ? null : new Columns(rows.columnsNames());
        for (Row r : rows) {
            details.add(new Detail(withdrawal(r, c), bytes(r, c.proveTxHash), r.getLong(c.proveGameIndex),
                    bytes(r, c.finalizeTxHash), withPortal ? proofs(r) : List.of(),
                    withPortal && r.getValue("finalized_success") != null ? new Finalization(r.getBoolean("finalized_success"),
                            bytes(r, "finalized_tx_hash"), r.getLong("finalized_block")) : null,
                    bytes(r, c.messageHash), r.getBoolean(c.relayed), r.getLong(c.proveBlock),
                    r.getLong(c.finalizeBlock), r.getValue(c.tokenSymbol) == null ? null
                            : new Token(r.getString(c.tokenSymbol), r.getInteger(c.tokenDecimals)), kind(r, c)));
        }
        return details;
    }

    /**
     * Where {@link #COLUMNS} are in a row set, looked up once for all its rows: by name for each row and
     * column, the client's look-up (hashing the name) was a measured share of a page's CPU.
     */
    private static final class Columns {
        final int l2ChainId, withdrawalHash, nonce, sender, target, valueWei, gasLimit, data, l2BlockNumber, l2BlockHash,
                l2BlockTime, l2TxHash, l2LogIndex, indexedAt, status, reasonCode, statusReason, statusUpdatedAt, selected, proveBatchId,
                finalizeBatchId, proofSubmitter, etaProvableAt, etaProvenBy, etaFinalizableAt, etaFinalizedBy, etaBasis,
                messageRelay, messageHash, provenSeenAt, finalizedSeenAt, kind, l2Account, l1Account, l1Token, messageNonce,
                messageTarget, messageValue, messageMinGasLimit, transferL2Token, transferAmount, proveTxHash, proveGameIndex, finalizeTxHash,
                proveBlock, finalizeBlock, tokenSymbol, tokenDecimals, relayed;

        Columns(List<String> names) {
            l2ChainId = at(names, "l2_chain_id");
            withdrawalHash = at(names, "withdrawal_hash");
            nonce = at(names, "nonce");
            sender = at(names, "sender");
            target = at(names, "target");
            valueWei = at(names, "value_wei");
            gasLimit = at(names, "gas_limit");
            data = at(names, "data");
            l2BlockNumber = at(names, "l2_block_number");
            l2BlockHash = at(names, "l2_block_hash");
            l2BlockTime = at(names, "l2_block_time");
            l2TxHash = at(names, "l2_tx_hash");
            l2LogIndex = at(names, "l2_log_index");
            indexedAt = at(names, "indexed_at");
            status = at(names, "status");
            reasonCode = at(names, "reason_code");
            statusReason = at(names, "status_reason");
            statusUpdatedAt = at(names, "status_updated_at");
            selected = at(names, "selected");
            proveBatchId = at(names, "prove_batch_id");
            finalizeBatchId = at(names, "finalize_batch_id");
            proofSubmitter = at(names, "proof_submitter");
            etaProvableAt = at(names, "eta_provable_at");
            etaProvenBy = at(names, "eta_proven_by");
            etaFinalizableAt = at(names, "eta_finalizable_at");
            etaFinalizedBy = at(names, "eta_finalized_by");
            etaBasis = at(names, "eta_basis");
            messageRelay = at(names, "message_relay");
            messageHash = at(names, "message_hash");
            provenSeenAt = at(names, "proven_seen_at");
            finalizedSeenAt = at(names, "finalized_seen_at");
            kind = at(names, "kind");
            l2Account = at(names, "l2_account");
            l1Account = at(names, "l1_account");
            l1Token = at(names, "l1_token");
            messageNonce = at(names, "message_nonce");
            messageTarget = at(names, "message_target");
            messageValue = at(names, "message_value");
            messageMinGasLimit = at(names, "message_min_gas_limit");
            transferL2Token = at(names, "transfer_l2_token");
            transferAmount = at(names, "transfer_amount");
            proveTxHash = at(names, "prove_tx_hash");
            proveGameIndex = at(names, "prove_game_index");
            finalizeTxHash = at(names, "finalize_tx_hash");
            proveBlock = at(names, "prove_block");
            finalizeBlock = at(names, "finalize_block");
            tokenSymbol = at(names, "token_symbol");
            tokenDecimals = at(names, "token_decimals");
            relayed = at(names, "relayed");
        }

        private static int at(List<String> names, String column) {
            int i = names.indexOf(column);
            if (i < 0) {
                throw new IllegalStateException("no column " + column + " in " + names);
            }
            return i;
        }
    }

    /** What its data is, as decoded at indexing; null when not decoded yet (V27). */
    private static io.opwb.chain.WithdrawalKind kind(Row r, Columns c) {
        String kind = r.getString(c.kind);
        return kind == null ? null : DecodedWithdrawal.kindOf(kind, bytes(r, c.messageHash), bytes(r, c.l2Account),
                bytes(r, c.l1Account), bytes(r, c.l1Token), r.getBigDecimal(c.messageNonce), bytes(r, c.messageTarget),
                r.getBigDecimal(c.messageValue), r.getBigDecimal(c.messageMinGasLimit), bytes(r, c.transferL2Token),
                r.getBigDecimal(c.transferAmount));
    }

    private static List<Proof> proofs(Row r) {
        Buffer[] submitters = r.getDelegate().getArrayOfBuffers("submitters");
        if (submitters == null) {
            return List.of();
        }
        Buffer[] games = r.getDelegate().getArrayOfBuffers("games");
        Long[] provenAt = r.getArrayOfLongs("proven_at");
        Buffer[] txs = r.getDelegate().getArrayOfBuffers("tx_hashes");
        Long[] blocks = r.getArrayOfLongs("blocks");
        List<Proof> proofs = new ArrayList<>(submitters.length);
        for (int i = 0; i < submitters.length; i++) {
            proofs.add(new Proof(submitters[i].getBytes(), games[i].getBytes(), provenAt[i], txs[i].getBytes(), blocks[i]));
        }
        return proofs;
    }

    /** A detached entity (not in any session) with what the API shows. */
    private static WithdrawalEntity withdrawal(Row r, Columns c) {
        WithdrawalEntity w = new WithdrawalEntity();
        w.l2ChainId = r.getLong(c.l2ChainId);
        w.withdrawalHash = bytes(r, c.withdrawalHash);
        w.nonce = r.getBigDecimal(c.nonce);
        w.sender = bytes(r, c.sender);
        w.target = bytes(r, c.target);
        w.valueWei = r.getBigDecimal(c.valueWei);
        w.gasLimit = r.getBigDecimal(c.gasLimit);
        w.data = bytes(r, c.data);
        w.l2BlockNumber = r.getLong(c.l2BlockNumber);
        w.l2BlockHash = bytes(r, c.l2BlockHash);
        w.l2BlockTime = r.getLong(c.l2BlockTime);
        w.l2TxHash = bytes(r, c.l2TxHash);
        w.l2LogIndex = r.getInteger(c.l2LogIndex);
        w.indexedAt = r.getOffsetDateTime(c.indexedAt);
        w.status = WithdrawalStatus.valueOf(r.getString(c.status));
        String code = r.getString(c.reasonCode);
        w.reasonCode = code == null ? null : ReasonCode.valueOf(code);
        w.statusReason = r.getString(c.statusReason);
        w.statusUpdatedAt = r.getOffsetDateTime(c.statusUpdatedAt);
        w.selected = r.getBoolean(c.selected);
        w.proveBatchId = r.getLong(c.proveBatchId);
        w.finalizeBatchId = r.getLong(c.finalizeBatchId);
        w.proofSubmitter = bytes(r, c.proofSubmitter);
        w.etaProvableAt = r.getLong(c.etaProvableAt);
        w.etaProvenBy = r.getLong(c.etaProvenBy);
        w.etaFinalizableAt = r.getLong(c.etaFinalizableAt);
        w.etaFinalizedBy = r.getLong(c.etaFinalizedBy);
        w.etaBasis = r.getString(c.etaBasis);
        w.provenSeenAt = r.getOffsetDateTime(c.provenSeenAt);
        w.finalizedSeenAt = r.getOffsetDateTime(c.finalizedSeenAt);
        String relay = r.getString(c.messageRelay);
        w.messageRelay = relay == null ? null : MessageRelay.valueOf(relay);
        return w;
    }

    private static byte[] bytes(Row r, int column) {
        var b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }

    private static byte[] bytes(Row r, String column) {
        var b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }
}
