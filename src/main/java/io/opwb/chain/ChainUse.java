package io.opwb.chain;

/**
 * Whether this replica acts on the chains (indexes, proves, finalizes) or only serves what its
 * database holds. Readiness asks the nodes only of a replica that needs them: an RPC provider's
 * outage must not take the status API down. The pipeline, which knows the replica's role, says.
 */
public interface ChainUse {

    boolean actsOnChains();
}
