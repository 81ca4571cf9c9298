package io.opwb.chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;

/**
 * The OP chains this instance works for, the primary first: each with its own L2 node and L1
 * contracts ({@link ChainContext}), all on the one L1 of {@link ChainClients}. Refuses at start two
 * chains with the same name, L2 chain id or portal.
 */
@ApplicationScoped
public class Chains {

    private final List<ChainContext> all;

    @Inject
    public Chains(ChainConfig config, ChainClients clients, RpcConfig rpc, ChainRpc faultTolerance,
            RpcMetrics metrics, RpcTracing tracing) {
        Duration timeout = Duration.ofMillis(rpc.timeoutMillis());
        this.all = build(config, clients.l1(), (name, chain) -> ChainClients.service(name, chain.l2().rpcUrl(),
                metrics.counting(name, tracing.tracing(name, faultTolerance::l2)), timeout, rpc.maxAnswerBytes()));
    }

    /** Outside CDI (tests, tools): plain retries, no breaker. */
    public Chains(ChainConfig config, Web3j l1) {
        this.all = build(config, l1, (name, chain) -> ChainClients.serviceResilient(chain.l2().rpcUrl()));
    }

    private static List<ChainContext> build(ChainConfig config, Web3j l1,
            BiFunction<String, OpChainConfig, Web3jService> connect) {
        Map<String, OpChainConfig> byName = new TreeMap<>(config.additional());
        if (byName.containsKey(config.name())) {
            throw new IllegalStateException("chain name '" + config.name() + "' is both the primary chain's "
                    + "(opwb.chain.name) and an additional one's (opwb.chain.additional." + config.name() + ")");
        }
        List<ChainContext> chains = new ArrayList<>();
        chains.add(context(config.name(), config, l1, connect));
        byName.forEach((name, chain) -> chains.add(context(name, chain, l1, connect)));
        Set<Long> ids = new HashSet<>();
        Set<String> portals = new HashSet<>();
        for (ChainContext c : chains) {
            if (!ids.add(c.id())) {
                throw new IllegalStateException("two chains have L2 chain id " + c.id());
            }
            if (!portals.add(c.config().portalAddress().toLowerCase())) {
                throw new IllegalStateException("two chains have portal " + c.config().portalAddress());
            }
        }
        return List.copyOf(chains);
    }

    private static ChainContext context(String name, OpChainConfig chain, Web3j l1,
            BiFunction<String, OpChainConfig, Web3jService> connect) {
        return new ChainContext(name, chain, l1, connect.apply(name, chain),
                new NodeProbes(chain.l2().rpcUrl()));
    }

    /** Every chain, the primary first. */
    public List<ChainContext> all() {
        return all;
    }

    public ChainContext primary() {
        return all.get(0);
    }

    public Optional<ChainContext> byId(long l2ChainId) {
        return all.stream().filter(c -> c.id() == l2ChainId).findFirst();
    }

    /** The chain with this name, or with this L2 chain id written in decimal. */
    public Optional<ChainContext> byNameOrId(String nameOrId) {
        return all.stream().filter(c -> c.name().equals(nameOrId) || Long.toString(c.id()).equals(nameOrId))
                .findFirst();
    }

    /** A row's chain name for logs, metrics and the API; its id when that chain is no longer configured. */
    public String nameOf(long l2ChainId) {
        return byId(l2ChainId).map(ChainContext::name).orElse(Long.toString(l2ChainId));
    }

    /** The chain of a row's L2 chain id; a row of a chain no longer configured is an error. */
    public ChainContext of(long l2ChainId) {
        return byId(l2ChainId).orElseThrow(() -> new IllegalStateException("chain " + l2ChainId
                + " is not configured"));
    }

    @PreDestroy
    void close() {
        all.forEach(ChainContext::close);
    }
}
