package io.opwb.chain;

import org.web3j.protocol.Web3j;

/**
 * One OP chain the service works for: its name, its L2 chain id (which every row of the chain's
 * carries), its L2 node and its contracts on the shared L1. Stages are handed the chain they run
 * for; nothing of one chain reaches another's.
 */
public final class ChainContext {

    private final String name;
    private final OpChainConfig config;
    private final Web3j l2;
    private final Web3j l2Probe;
    private final PortalContracts contracts;

    ChainContext(String name, OpChainConfig config, Web3j l1, Web3j l2, Web3j l2Probe) {
        this.name = name;
        this.config = config;
        this.l2 = l2;
        this.l2Probe = l2Probe;
        this.contracts = new PortalContracts(l1, config);
    }

    /** The L2 chain id: the chain's key in the database. */
    public long id() {
        return config.l2().chainId();
    }

    public String name() {
        return name;
    }

    public OpChainConfig config() {
        return config;
    }

    /** The chain's L2 node, through the fault-tolerant client. */
    public Web3j l2() {
        return l2;
    }

    /** The first L2 node directly, for health probes. */
    Web3j l2Probe() {
        return l2Probe;
    }

    public PortalContracts contracts() {
        return contracts;
    }

    void close() {
        l2.shutdown();
        if (l2Probe != l2) {
            l2Probe.shutdown();
        }
    }

    @Override
    public String toString() {
        return name + " (" + id() + ")";
    }
}
