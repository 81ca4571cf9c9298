package io.opwb.storage;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.utils.Numeric;

import io.opwb.chain.WithdrawalKind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Who a withdrawal concerns, for look-up by address (V22 {@code l2_account}, {@code l1_account}), and the L1
 * token of a token transfer ({@code l1_token}, whose symbol and decimals the worker reads once). Decoded by
 * {@link WithdrawalKind}, the same reading the API shows; written by the indexer's insert, and for rows
 * indexed before V22 by {@link #fillSome}, a bounded number per pipeline cycle.
 */
@ApplicationScoped
public class WithdrawalParties {

    /**
     * On L2: the bridge transfer's {@code from}, else the message's sender, else the withdrawal's sender; on
     * L1: the transfer's {@code to}, else the message's target, else the withdrawal's target. {@code l1Token}
     * null unless a token transfer.
     */
    public record Parties(byte[] l2Account, byte[] l1Account, byte[] l1Token) {

        public static Parties of(byte[] sender, byte[] target, byte[] data) {
            WithdrawalKind kind = WithdrawalKind.of(Numeric.toHexString(sender), data);
            if (kind.transfer() != null) {
                var t = kind.transfer();
                return new Parties(address(t.from()), address(t.to()), t.l1Token() == null ? null : address(t.l1Token()));
            }
            if (kind.message() != null) {
                return new Parties(address(kind.message().sender()), address(kind.message().target()), null);
            }
            return new Parties(sender, target, null);
        }

        private static byte[] address(String hex) {
            return Numeric.hexStringToByteArray(hex);
        }
    }

    static final String UNFILLED = "select l2_chain_id, withdrawal_hash, sender, target, data from withdrawal"
            + " where l2_account is null limit $1 for update skip locked";

    private final Pool pool;

    public WithdrawalParties(Pool pool) {
        this.pool = pool;
    }

    /**
     * Decodes up to {@code limit} rows indexed before V22 (index {@code withdrawal_parties_unfilled}) and
     * registers their tokens; returns how many it filled (0: none left).
     */
    public Uni<Integer> fillSome(int limit) {
        return pool.withTransaction(c -> c.preparedQuery(UNFILLED).execute(Tuple.of(limit))
                .chain(rows -> {
                    List<Tuple> updates = new ArrayList<>(rows.size());
                    List<Tuple> tokens = new ArrayList<>();
                    rows.forEach(r -> {
                        Parties p = Parties.of(r.getBuffer("sender").getBytes(), r.getBuffer("target").getBytes(),
                                r.getBuffer("data").getBytes());
                        updates.add(Tuple.of(r.getLong("l2_chain_id"), Buffer.buffer(r.getBuffer("withdrawal_hash").getBytes()),
                                Buffer.buffer(p.l2Account()), Buffer.buffer(p.l1Account()), buffer(p.l1Token())));
                        if (p.l1Token() != null) {
                            tokens.add(Tuple.of(r.getLong("l2_chain_id"), Buffer.buffer(p.l1Token())));
                        }
                    });
                    if (updates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Uni<?> filled = c.preparedQuery("update withdrawal set l2_account = $3, l1_account = $4, l1_token = $5"
                            + " where l2_chain_id = $1 and withdrawal_hash = $2").executeBatch(updates);
                    return filled.chain(() -> tokens.isEmpty() ? Uni.createFrom().voidItem()
                            : c.preparedQuery(TokenMetadataStore.REGISTER).executeBatch(tokens).replaceWithVoid())
                            .replaceWith(updates.size());
                }));
    }

    static Buffer buffer(byte[] bytes) {
        return bytes == null ? null : Buffer.buffer(bytes);
    }
}
