package io.opwb.chain;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;

/**
 * One OP chain the service works for: its name, its L2 chain id (which every row of the chain's
 * carries), its L2 node and its contracts on the shared L1. Stages are handed the chain they run
 * for; nothing of one chain reaches another's.
 */
public final class ChainContext {

    private final String name;
    private final OpChainConfig config;
    private final Web3jService l2Service;
    private final Web3j l2;
    private final NodeProbes l2Probes;
    private final PortalContracts contracts;

    ChainContext(String name, OpChainConfig config, Web3j l1, Web3jService l2Service, NodeProbes l2Probes) {
        this.name = name;
        this.config = config;
        this.l2Service = l2Service;
        this.l2 = Web3j.build(l2Service);
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

    /**
     * The transport under {@link #l2()}: the same nodes, failover, fault tolerance, metrics and
     * tracing, for requests whose answers the caller reads itself (web3j's {@code Request} with an
     * answer type of its own).
     */
    public Web3jService l2Service() {
        return l2Service;
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
