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
    private final NodeProbes l2Probes;
    private final PortalContracts contracts;

    ChainContext(String name, OpChainConfig config, Web3j l1, Web3j l2, NodeProbes l2Probes) {
        this.name = name;
        this.config = config;
        this.l2 = l2;
        this.l2Probes = l2Probes;
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

    /** The first L2 node directly, without retries: what the start-up check asks. */
    Web3j l2Probe() {
        return l2Probes.first();
    }

    /** Each L2 node of the failover list directly, for health probes. */
    NodeProbes l2Probes() {
        return l2Probes;
    }

    public PortalContracts contracts() {
        return contracts;
    }

    void close() {
        l2.shutdown();
        l2Probes.close();
    }

    @Override
    public String toString() {
        return name + " (" + id() + ")";
    }
}
