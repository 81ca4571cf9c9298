package io.opwb.chain;

import java.util.Optional;

/** One OP chain: its L2 node and its contracts on L1 (a config group of {@link ChainConfig}). */
public interface OpChainConfig {
    ChainConfig.Endpoint l2();

    /** The chain's portal proxy on L1 ({@code OptimismPortal2}, or the legacy {@code OptimismPortal}). */
    String portalAddress();

    /** No batcher yet: a read-only replica may watch a chain before one is deployed. */
    String NO_BATCHER = "0x0000000000000000000000000000000000000000";

    /**
     * Our {@code WithdrawalBatcher} for that portal, which our key may operate. Optional in
     * read-only mode; a replica that sends refuses to start without one deployed there.
     */
    @io.smallrye.config.WithDefault(NO_BATCHER)
    String batcherAddress();

    /**
     * The chain's {@code L1CrossDomainMessenger} proxy: its relay events tell whether a message was
     * relayed or failed (and replayed later, by anyone). Unset: only what our own batches saw.
     */
    Optional<String> l1MessengerAddress();
}
