package io.opwb.devnet;

import java.math.BigInteger;

import io.opwb.chain.WithdrawalTransaction;

/** A withdrawal initiated on L2, as its {@code MessagePassed} event reported it. */
public record InitiatedWithdrawal(WithdrawalTransaction transaction, byte[] eventHash, BigInteger l2BlockNumber,
        String l2TxHash) {
}
