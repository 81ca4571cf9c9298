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
}
