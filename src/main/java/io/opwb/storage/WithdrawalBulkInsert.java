package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * New withdrawals written as the backfill needs them: one statement per range, whatever its size,
 * with each column sent as one array ({@code unnest}), and the indexer's progress in the same
 * transaction. A row already there (a range read again after a crash) is left as it is; the
 * columns left out take their defaults, which are the entity's (waiting for a game, no failures).
 * It goes round Hibernate: a native multi-row insert there costs a named parameter per value.
 */
@ApplicationScoped
public class WithdrawalBulkInsert {

    private static final String INSERT = "insert into withdrawal (l2_chain_id, withdrawal_hash, nonce, sender, "
            + "target, value_wei, gas_limit, data, l2_block_number, l2_block_hash, l2_tx_hash, l2_log_index, message_hash, "
            + "l2_account, l1_account, l1_token, l2_block_time, kind, message_nonce, message_target, message_value, "
            + "message_min_gas_limit, transfer_l2_token, transfer_amount) "
            + "select $1, * from unnest($2::bytea[], $3::numeric[], $4::bytea[], $5::bytea[], $6::numeric[], "
            + "$7::numeric[], $8::bytea[], $9::bigint[], $10::bytea[], $11::bytea[], $12::int[], $13::bytea[], "
            + "$14::bytea[], $15::bytea[], $16::bytea[], $17::bigint[], $18::text[], $19::numeric[], $20::bytea[], "
            + "$21::numeric[], $22::numeric[], $23::bytea[], $24::numeric[]) "
            + "on conflict (l2_chain_id, withdrawal_hash) do nothing";
    /** The L1 tokens of new token transfers, for the worker to read their symbol and decimals once. */
    private static final String TOKENS = "insert into token_metadata (l2_chain_id, l1_token) select distinct $1::bigint, t"
            + " from unnest($2::bytea[]) t where t is not null on conflict do nothing";

    private final Pool pool;

    public WithdrawalBulkInsert(Pool pool) {
        this.pool = pool;
    }

    /**
     * A range's rows as the statement's parameters, made before the write (on the indexer's decode
     * threads): the writer, which goes range after range, then only sends them.
     */
    public static final class Columns {
        private final Tuple tuple;
        private final int rows;
        /** Whether a row is a token transfer, whose token the worker is to read once (V22). */
        private final boolean hasTokens;

        private Columns(Tuple tuple, int rows, boolean hasTokens) {
            this.tuple = tuple;
            this.rows = rows;
            this.hasTokens = hasTokens;
        }

        public int rows() {
            return rows;
        }
    }

    /** Inserts the chain's new withdrawals and moves its indexer on, in one transaction; blocks until committed. */
    public void insert(Columns columns, IndexerProgress progress) {
        pool.withTransaction(c -> (columns.rows == 0 ? io.smallrye.mutiny.Uni.createFrom().voidItem()
                : c.preparedQuery(INSERT).execute(columns.tuple)
                        .chain(() -> columns.hasTokens ? c.preparedQuery(TOKENS)
                                .execute(Tuple.of(columns.tuple.getValue(0), columns.tuple.getValue(15))).replaceWithVoid()
                                : io.smallrye.mutiny.Uni.createFrom().voidItem())
                        .replaceWithVoid()).chain(() -> progress.applyTo(c)))
                .await().indefinitely();
    }

    public static Columns columns(long l2ChainId, List<NewWithdrawal> rows) {
        int n = rows.size();
        Buffer[] hash = new Buffer[n], sender = new Buffer[n], target = new Buffer[n], data = new Buffer[n];
        Buffer[] blockHash = new Buffer[n], txHash = new Buffer[n], messageHash = new Buffer[n];
        Buffer[] l2Account = new Buffer[n], l1Account = new Buffer[n], l1Token = new Buffer[n];
        Buffer[] messageTarget = new Buffer[n], transferL2Token = new Buffer[n];
        String[] kind = new String[n];
        java.math.BigDecimal[] nonce = new java.math.BigDecimal[n], value = new java.math.BigDecimal[n],
                gasLimit = new java.math.BigDecimal[n];
        java.math.BigDecimal[] messageNonce = new java.math.BigDecimal[n], messageValue = new java.math.BigDecimal[n],
                messageMinGasLimit = new java.math.BigDecimal[n], transferAmount = new java.math.BigDecimal[n];
        Long[] block = new Long[n], blockTime = new Long[n];
        Integer[] logIndex = new Integer[n];
        boolean hasTokens = false;
        for (int i = 0; i < n; i++) {
            NewWithdrawal w = rows.get(i);
            hash[i] = Buffer.buffer(w.withdrawalHash());
            nonce[i] = w.nonce();
            sender[i] = Buffer.buffer(w.sender());
            target[i] = Buffer.buffer(w.target());
            value[i] = w.valueWei();
            gasLimit[i] = w.gasLimit();
            data[i] = Buffer.buffer(w.data());
            block[i] = w.l2BlockNumber();
            blockHash[i] = Buffer.buffer(w.l2BlockHash());
            txHash[i] = Buffer.buffer(w.l2TxHash());
            logIndex[i] = w.l2LogIndex();
            blockTime[i] = w.l2BlockTime();
            // Its data decoded once: the messenger's hash, so that the API joins its relays (V21; null for other
            // withdrawals); who it concerns, for look-up by address, and its token (V22); what it is, for the API (V27).
            DecodedWithdrawal decoded = DecodedWithdrawal.of(w.sender(), w.target(), w.data());
            messageHash[i] = WithdrawalParties.buffer(decoded.messageHash());
            WithdrawalParties.Parties parties = decoded.parties();
            l2Account[i] = Buffer.buffer(parties.l2Account());
            l1Account[i] = Buffer.buffer(parties.l1Account());
            l1Token[i] = WithdrawalParties.buffer(parties.l1Token());
            hasTokens |= parties.l1Token() != null;
            kind[i] = decoded.kind().name();
            messageNonce[i] = decoded.messageNonce();
            messageTarget[i] = WithdrawalParties.buffer(decoded.messageTarget());
            messageValue[i] = decoded.messageValue();
            messageMinGasLimit[i] = decoded.messageMinGasLimit();
            transferL2Token[i] = WithdrawalParties.buffer(decoded.transferL2Token());
            transferAmount[i] = decoded.transferAmount();
        }
        return new Columns(Tuple.tuple(java.util.Arrays.asList(l2ChainId, hash, nonce, sender, target, value, gasLimit,
                data, block, blockHash, txHash, logIndex, messageHash, l2Account, l1Account, l1Token, blockTime, kind,
                messageNonce, messageTarget, messageValue, messageMinGasLimit, transferL2Token, transferAmount)), n,
                hasTokens);
    }
}
