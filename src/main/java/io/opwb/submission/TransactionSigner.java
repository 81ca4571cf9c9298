package io.opwb.submission;

import java.io.IOException;
import java.util.List;

import org.web3j.crypto.RawTransaction;

/**
 * What signs our L1 transactions with the submitter keys: keys held in this process
 * ({@link LocalTransactionSigner}), or a remote signer that holds them ({@link RemoteTransactionSigner}).
 */
public interface TransactionSigner {

    enum Kind {
        LOCAL, REMOTE;

        /** As a span attribute and in logs. */
        public String label() {
            return name().toLowerCase();
        }
    }

    Kind kind();

    /**
     * The addresses it signs for, the primary first.
     *
     * @throws IllegalStateException naming the settings to fix (never a secret) when they cannot be known
     */
    List<String> addresses();

    /**
     * {@code transaction} (EIP-1559) signed by {@code from} for {@code chainId}, encoded for
     * {@code eth_sendRawTransaction}, and checked to be exactly that.
     *
     * @throws IOException when nothing usable was signed (a signer that cannot be reached, refuses, or answers
     *         with something else): nothing may be recorded or sent, and asking again later is fine
     */
    byte[] sign(String from, RawTransaction transaction, long chainId) throws IOException;

    /** How it signs, for the start-up log: never a secret. */
    String description();

    /**
     * At start: a signer that can tell now that it will never sign for its address throws (with the setting
     * to fix); one that cannot be asked now only logs it, since it may answer later.
     */
    default void checkAtStart() {
    }
}
