package io.opwb.indexing;

import java.io.IOException;

/**
 * A log in a node's {@code eth_getLogs} answer that is not what the filter asked for or that does
 * not decode (topics, data, offsets, hex): the node's fault, never the chain's (the message passer
 * emits only well-formed events). Its range fails as a whole, nothing of it is written and the
 * indexer reads it again on its next run, as it did when web3j's decoder threw; it is not a refusal,
 * so the range does not shrink.
 */
public final class MalformedLogException extends IOException {

    public MalformedLogException(String message) {
        super(message);
    }
}
