package io.opwb.testing;

import java.math.BigDecimal;

import io.opwb.storage.WithdrawalEntity;

/** Withdrawal rows for tests that need one in the database but no chain behind it. */
public final class TestWithdrawals {

    /** The L2 chain id of the test chains (devnet and unreachable alike): the primary chain's. */
    public static final long CHAIN = 901;

    private TestWithdrawals() {
    }

    /** The key of the withdrawal with this hash on the test chain. */
    public static io.opwb.storage.WithdrawalKey key(byte[] hash) {
        return new io.opwb.storage.WithdrawalKey(CHAIN, hash);
    }

    /** A plain withdrawal with this hash, initiated by an L2 transaction of the same hash, waiting for a game. */
    public static WithdrawalEntity row(byte[] hash) {
        WithdrawalEntity w = new WithdrawalEntity();
        w.l2ChainId = CHAIN;
        w.withdrawalHash = hash;
        w.nonce = BigDecimal.ONE;
        w.sender = new byte[20];
        w.target = new byte[20];
        w.valueWei = BigDecimal.TEN;
        w.gasLimit = BigDecimal.valueOf(100_000);
        w.data = new byte[0];
        w.l2BlockNumber = 1;
        w.l2BlockHash = new byte[32];
        w.l2TxHash = hash.clone();
        w.l2LogIndex = 0;
        return w;
    }
}
