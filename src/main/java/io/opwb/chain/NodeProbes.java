package io.opwb.chain;

import java.util.List;

import org.web3j.protocol.Web3j;

/**
 * Plain clients for health probes, one per node of a chain's failover list (its comma-separated
 * rpc-url), made on first use: a replica that never probes (the api role) never builds them.
 */
final class NodeProbes {

    private final List<String> urls;
    private volatile List<Web3j> clients;

    NodeProbes(String rpcUrls) {
        this.urls = RpcNodes.urls(rpcUrls);
    }

    /** The first node: what the start-up check asks. */
    Web3j first() {
        return all().get(0);
    }

    /** Every node, in the list's order. */
    List<Web3j> all() {
        List<Web3j> made = clients;
        if (made == null) {
            synchronized (this) {
                made = clients;
                if (made == null) {
                    made = urls.stream().map(ChainClients::probe).toList();
                    clients = made;
                }
            }
        }
        return made;
    }

    void close() {
        List<Web3j> made = clients;
        if (made != null) {
            made.forEach(Web3j::shutdown);
        }
    }
}
