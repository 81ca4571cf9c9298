package io.opwb.chain;

import io.smallrye.config.ConfigMapping;

/**
 * Where the chains are. With nothing configured, the local devnet provides all of it
 * (see {@code io.opwb.devnet.DevnetConfigSource}).
 */
@ConfigMapping(prefix = "opwb.chain")
public interface ChainConfig {

    Endpoint l1();

    Endpoint l2();

    /** The {@code OptimismPortal2} proxy on L1. */
    String portalAddress();

    /** Our {@code WithdrawalBatcher} on L1, which our key may operate. */
    String batcherAddress();

    /**
     * The chain's {@code L1CrossDomainMessenger} proxy: its relay events tell whether a message was
     * relayed or failed (and replayed later, by anyone). Unset: only what our own batches saw.
     */
    java.util.Optional<String> l1MessengerAddress();

    interface Endpoint {
        /** JSON-RPC URL of a node we trust. */
        String rpcUrl();

        /** The chain id the node must report; the service refuses a node on another chain. */
        long chainId();
    }
}
