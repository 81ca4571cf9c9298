package io.opwb.submission;

import java.math.BigInteger;

/** A signed EIP-1559 transaction, ready to be persisted and broadcast. */
public record SignedTransaction(String from, long nonce, String hash, String raw, BigInteger maxFeePerGas,
        BigInteger maxPriorityFeePerGas, BigInteger gasLimit) {
}
