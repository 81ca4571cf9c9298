package io.opwb.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;

import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * What following our L1 transactions reads from the L1 chain: receipts, whether the node has a
 * transaction, the head, the final block and the next base fee. Sending is {@code TxManager}'s.
 */
public interface L1Reader {

    Optional<TransactionReceipt> receipt(String txHash) throws IOException;

    /** Whether the node knows the transaction (pending or mined). */
    boolean known(String txHash) throws IOException;

    /** The L1 head, to count confirmations. */
    BigInteger head() throws IOException;

    /** The newest L1 block no reorg can remove any more (the node's finalized block). */
    BigInteger finalizedBlock() throws IOException;

    /** The base fee the next block is expected to have. */
    BigInteger nextBaseFee() throws IOException;

    /**
     * A mined transaction replayed as a call on the state before its block, to read why it reverted;
     * empty when the node no longer has the transaction.
     */
    Optional<CallOutcome> replayBeforeBlock(TransactionReceipt receipt) throws IOException;
}
