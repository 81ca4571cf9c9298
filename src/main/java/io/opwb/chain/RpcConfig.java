package io.opwb.chain;

import io.smallrye.config.ConfigMapping;

/**
 * JSON-RPC transport settings ({@code opwb.rpc.*}; kept apart from {@code opwb.chain.*}, which
 * must stay out of application.properties). Retry, backoff and breaker values are
 * {@link ChainRpc}'s fault tolerance config.
 */
@ConfigMapping(prefix = "opwb.rpc")
public interface RpcConfig {

    /** How long one attempt of a call may take, answer included; also {@link ChainRpc}'s timeout. */
    long timeoutMillis();

    /**
     * The longest answer read from a node (bytes); a longer one fails the call, read no further.
     * Memory follows bytes in flight, not chain data: the indexer asks for fewer blocks then. One
     * block's logs stay below it (an L1 or L2 block of 60M gas holds at most ~3.5 MB of log data,
     * ~7 MB as hex).
     */
    @io.smallrye.config.WithDefault("16777216")
    int maxAnswerBytes();
}
