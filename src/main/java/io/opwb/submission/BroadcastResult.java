package io.opwb.submission;

import io.opwb.chain.RpcErrorKind;

/**
 * What the node said to a signed transaction, classified once where the answer arrives: taken (or
 * known to it already, or its nonce used by this very transaction), or refused with the node's
 * message and its kind.
 */
public sealed interface BroadcastResult {

    /** The node has the transaction. */
    record Accepted() implements BroadcastResult {
    }

    /** The node refused it: {@code kind} says what kind of refusal (underpriced, nonce too low, …). */
    record Refused(RpcErrorKind kind, String message) implements BroadcastResult {
    }

    Accepted ACCEPTED = new Accepted();

    static BroadcastResult refused(String message) {
        return new Refused(RpcErrorKind.of(message), message);
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /** The node's message when refused; null when accepted. */
    default String refusal() {
        return this instanceof Refused refused ? refused.message() : null;
    }
}
