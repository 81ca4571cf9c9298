package io.opwb.submission;

import java.io.IOException;
import java.math.BigInteger;

import io.smallrye.mutiny.Uni;

/**
 * Signs, records and sends our L1 transactions. Every signed transaction is recorded (in the
 * caller's database transaction, with the batch it carries) before it is broadcast, so that a
 * crash between the two is recovered by broadcasting the recorded transaction again. What the
 * chain then does with them is read through {@link io.opwb.chain.L1Reader}.
 */
public interface TxManager {

    /** The address of the primary key. */
    String sender();

    /** Every key's address (the primary first): manifest chunks are spread over them. */
    java.util.List<String> senders();

    /** Signs with the primary key, its next nonce and the node's current fees. */
    default SignedTransaction sign(String to, String data, BigInteger gasLimit) throws IOException, SendHeldException {
        return sign(sender(), to, data, gasLimit);
    }

    /**
     * Signs with the key of {@code from}, its next nonce and the node's current fees.
     *
     * @throws SendHeldException when the node's fees are not believed or are over the cap: nothing is signed
     */
    SignedTransaction sign(String from, String to, String data, BigInteger gasLimit)
            throws IOException, SendHeldException;

    /**
     * Throws what {@link #sign} would throw for the fees now, without signing: a send that would be
     * held is not worth building.
     */
    void checkFees() throws IOException, SendHeldException;

    /** Records the transaction and advances the nonce; compose it into the caller's transaction. */
    Uni<Void> record(SignedTransaction tx, Long batchId);

    /** Broadcasts; an "already known" answer counts as accepted. */
    BroadcastResult broadcast(SignedTransaction tx) throws IOException;

    /** Broadcasts a recorded raw transaction again (after a crash, or when the node dropped it). */
    BroadcastResult rebroadcast(String rawHex) throws IOException;

    /**
     * A replacement for a recorded transaction that has not been mined: same nonce, recipient and
     * data, both fees raised. Refused when the node's fees are not believed, when the cap or the
     * multiple of the first attempt's fee leaves no room, or when the nonce was replaced as often as
     * allowed: the transaction then waits as it is.
     */
    Replacement replacement(String rawHex) throws IOException;
}
