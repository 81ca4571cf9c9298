package io.opwb.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.web3j.utils.Numeric;

/**
 * Exactly once, as the service's own records tell it (each test checks the chain's state itself):
 * no withdrawal in two batches of the same kind unless the earlier one failed for it; no item of
 * ours that found its work already done (a second proof or finalization of ours was sent); and our
 * mined L1 transactions since {@code since} used the nonces up to the key's nonce on L1, each once,
 * none skipped.
 */
public final class ExactlyOnceChecks {

    private ExactlyOnceChecks() {
    }

    /**
     * @param withdrawals the test's withdrawal hashes (the test database is shared by test classes)
     * @param chainNonce the sending key's transaction count on L1 now
     * @param since when the test's devnet started
     */
    public static void assertHold(Connection c, Collection<byte[]> withdrawals, String sender, BigInteger chainNonce,
            Instant since) throws SQLException {
        Object[] hashes = withdrawals.stream().map(h -> Numeric.toHexStringNoPrefix(h)).toArray();
        assertEquals(List.of(), rows(c, """
                select encode(bi.withdrawal_hash, 'hex') || ' ' || b.kind || ' in ' || count(*) || ' batches'
                from batch_item bi join batch b on b.id = bi.batch_id
                where encode(bi.withdrawal_hash, 'hex') = any(?) and b.status <> 'DROPPED'
                  and (bi.outcome is null or bi.outcome not in ('FAILED', 'OUT_OF_GAS'))
                group by bi.l2_chain_id, bi.withdrawal_hash, b.kind having count(*) > 1
                """, (Object) hashes), "withdrawals done twice by our batches");
        assertEquals(List.of(), rows(c, """
                select encode(withdrawal_hash, 'hex') || ' in batch #' || batch_id from batch_item
                where encode(withdrawal_hash, 'hex') = any(?) and outcome = 'ALREADY_DONE'
                """, (Object) hashes), "items of ours whose work was already done");
        String[] n = rows(c, """
                select count(*) || ' ' || count(distinct nonce) || ' ' || coalesce(min(nonce), 0) || ' ' || coalesce(max(nonce) + 1, 0)
                from l1_transaction where sender = ? and status = 'MINED' and created_at >= ?
                """, Numeric.hexStringToByteArray(sender), Timestamp.from(since)).get(0).split(" ");
        long mined = Long.parseLong(n[0]);
        long distinct = Long.parseLong(n[1]);
        long first = Long.parseLong(n[2]);
        long next = Long.parseLong(n[3]);
        assertEquals(mined, distinct, "each nonce mined once");
        assertEquals(next - first, distinct, "no nonce skipped between " + first + " and " + next);
        assertEquals(chainNonce.longValueExact(), next, "the key's nonce on L1 is the one after our last mined transaction");
    }

    private static List<String> rows(Connection c, String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Object[] array) {
                    s.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    s.setObject(i + 1, params[i]);
                }
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }
}
