package io.opwb.submission;

import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Where a batch's send stands after {@link TransactionFollower#follow}: what the follower saw or did. */
public sealed interface SendState {

    /** One of its attempts (the original or a replacement) is in a block. */
    record Mined(TransactionReceipt receipt) implements SendState {
    }

    /** Not mined yet; {@code step} is what the follower did about it this time. */
    record Pending(Step step) implements SendState {
    }

    /** Another transaction took its nonce: none of its attempts can be mined any more. */
    record NonceTaken(long nonce) implements SendState {
    }

    /** The node refuses every attempt (after a re-broadcast, and a replacement where one was due). */
    record Refused(String refusal) implements SendState {
    }

    enum Step {
        /** Priced to be mined, not waiting too long, and the node has it: nothing to do. */
        WAITING,
        /** The node had dropped it: broadcast again. */
        REBROADCAST,
        /** Replaced by a same-nonce transaction with higher fees. */
        REPLACED,
        /** Due for a replacement that the fee policy refused: it waits as it is. */
        REPLACEMENT_REFUSED,
        /** Nothing was recorded for it. */
        NOTHING_RECORDED
    }
}
