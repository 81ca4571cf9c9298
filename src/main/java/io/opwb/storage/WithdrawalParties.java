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
 * {@link WithdrawalKind}, the same reading the API shows, with the rest of what the data says
 * ({@link DecodedWithdrawal}); written by the indexer's insert, and for rows indexed before V27 (V22 for the
 * parties) by {@link #fillSome}, a bounded number per pipeline cycle.
 */
@ApplicationScoped
public class WithdrawalParties {

    /**
     * On L2: the bridge transfer's {@code from}, else the message's sender, else the withdrawal's sender; on
     * L1: the transfer's {@code to}, else the message's target, else the withdrawal's target. {@code l1Token}
     * null unless a token transfer.
     */
    public record Parties(byte[] l2Account, byte[] l1Account, byte[] l1Token) {

        public static Parties of(byte[] sender, byte[] target, WithdrawalKind kind) {
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
            + " where kind is null limit $1 for update skip locked";
    private static final String FILL = "update withdrawal set l2_account = $3, l1_account = $4, l1_token = $5,"
            + " message_hash = $6, kind = $7, message_nonce = $8, message_target = $9, message_value = $10,"
            + " message_min_gas_limit = $11, transfer_l2_token = $12, transfer_amount = $13"
            + " where l2_chain_id = $1 and withdrawal_hash = $2";

    private final Pool pool;

    public WithdrawalParties(Pool pool) {
        this.pool = pool;
    }

    /**
     * Decodes up to {@code limit} rows indexed before V27 (index {@code withdrawal_decoded_unfilled}): their
     * parties (V22), message hash (V21) and kind (V27), once each, and registers their tokens; returns how
     * many it filled (0: none left).
     */
    public Uni<Integer> fillSome(int limit) {
        return pool.withTransaction(c -> c.preparedQuery(UNFILLED).execute(Tuple.of(limit))
                .chain(rows -> {
                    List<Tuple> updates = new ArrayList<>(rows.size());
                    List<Tuple> tokens = new ArrayList<>();
                    rows.forEach(r -> {
                        DecodedWithdrawal d = DecodedWithdrawal.of(r.getBuffer("sender").getBytes(),
                                r.getBuffer("target").getBytes(), r.getBuffer("data").getBytes());
                        Parties p = d.parties();
                        updates.add(Tuple.tuple(java.util.Arrays.asList(r.getLong("l2_chain_id"),
                                Buffer.buffer(r.getBuffer("withdrawal_hash").getBytes()), Buffer.buffer(p.l2Account()),
                                Buffer.buffer(p.l1Account()), buffer(p.l1Token()), buffer(d.messageHash()),
                                d.kind().name(), d.messageNonce(), buffer(d.messageTarget()), d.messageValue(),
                                d.messageMinGasLimit(), buffer(d.transferL2Token()), d.transferAmount())));
                        if (p.l1Token() != null) {
                            tokens.add(Tuple.of(r.getLong("l2_chain_id"), Buffer.buffer(p.l1Token())));
                        }
                    });
                    if (updates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Uni<?> filled = c.preparedQuery(FILL).executeBatch(updates);
                    return filled.chain(() -> tokens.isEmpty() ? Uni.createFrom().voidItem()
                            : c.preparedQuery(TokenMetadataStore.REGISTER).executeBatch(tokens).replaceWithVoid())
                            .replaceWith(updates.size());
                }));
    }

    static Buffer buffer(byte[] bytes) {
        return bytes == null ? null : Buffer.buffer(bytes);
    }
}
