package io.opwb.storage;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * L1 tokens' symbols and decimals (V22 {@code token_metadata}): registered UNREAD when a transfer of theirs is
 * indexed, read once by the worker, then READ (the API joins them into a withdrawal's view) or NO_ANSWER (the
 * API shows raw units). A token the node gave no verdict on stays UNREAD and is asked again on a later cycle.
 */
@ApplicationScoped
public class TokenMetadataStore {

    /** Registers a token of a chain ($1, $2) to be read; a token already known is left as it is. */
    static final String REGISTER = "insert into token_metadata (l2_chain_id, l1_token) values ($1, $2) on conflict do nothing";

    private final Pool pool;

    public TokenMetadataStore(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} tokens of a chain not read yet (index {@code token_metadata_unread}). */
    public Uni<List<byte[]>> unread(long l2ChainId, int limit) {
        return pool.preparedQuery("select l1_token from token_metadata where l2_chain_id = $1 and state = 'UNREAD'"
                + " order by l1_token limit $2").execute(Tuple.of(l2ChainId, limit)).map(rows -> {
                    List<byte[]> tokens = new ArrayList<>(rows.size());
                    rows.forEach(r -> tokens.add(r.getBuffer(0).getBytes()));
                    return tokens;
                });
    }

    public Uni<Void> register(long l2ChainId, byte[] token) {
        return pool.preparedQuery(REGISTER).execute(Tuple.of(l2ChainId, Buffer.buffer(token))).replaceWithVoid();
    }

    /** It answered: shown from now on. */
    public Uni<Void> recordKnown(long l2ChainId, byte[] token, String symbol, int decimals) {
        return pool.preparedQuery("update token_metadata set state = 'READ', symbol = $3, decimals = $4, why = null,"
                + " read_at = now() where l2_chain_id = $1 and l1_token = $2")
                .execute(Tuple.of(l2ChainId, Buffer.buffer(token), symbol, (short) decimals)).replaceWithVoid();
    }

    /** It does not answer in a way that can be shown, for good: its amounts stay in raw units. */
    public Uni<Void> recordNoAnswer(long l2ChainId, byte[] token, String why) {
        return pool.preparedQuery("update token_metadata set state = 'NO_ANSWER', symbol = null, decimals = null,"
                + " why = $3, read_at = now() where l2_chain_id = $1 and l1_token = $2")
                .execute(Tuple.of(l2ChainId, Buffer.buffer(token), why)).replaceWithVoid();
    }

    /** A token's state, symbol, decimals and why (for tests and diagnostics); null when not registered. */
    public record Row(String state, String symbol, Integer decimals, String why) {
    }

    public Uni<Row> find(long l2ChainId, byte[] token) {
        return pool.preparedQuery("select state, symbol, decimals, why from token_metadata where l2_chain_id = $1"
                + " and l1_token = $2").execute(Tuple.of(l2ChainId, Buffer.buffer(token)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next()).map(r -> r == null ? null
                        : new Row(r.getString(0), r.getString(1), r.getValue(2) == null ? null : r.getInteger(2),
                                r.getString(3)));
    }
}
