package io.opwb.devnet;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.contracts.OptimismPortal2;

/**
 * A further OP chain on the devnet's L1: its own anvil L2 with the message passer, its own
 * fault-proof contracts and batcher on the shared L1 (the same operator key as the primary chain's
 * batcher: one signer, one nonce for all chains), a proposer, a resolver and traffic. No bridges.
 */
public final class AdditionalChain implements AutoCloseable {

    private final String name;
    private final AnvilNode node;
    private final AnvilRpc rpc;
    private final L1Deployment deployment;
    private final Proposer proposer;
    private final Resolver resolver;
    private final TrafficGenerator traffic;
    private final Web3j l1;

    private AdditionalChain(String name, AnvilNode node, L1Deployment deployment, Proposer proposer,
            Resolver resolver, TrafficGenerator traffic, Web3j l1) {
        this.name = name;
        this.node = node;
        this.rpc = new AnvilRpc(node.rpcUrl());
        this.deployment = deployment;
        this.proposer = proposer;
        this.resolver = resolver;
        this.traffic = traffic;
        this.l1 = l1;
    }

    /** Starts the chain's L2 and deploys its L1 contracts; the L2 stops again if that fails. */
    static AdditionalChain start(String name, long l2ChainId, Web3j l1, long l1ChainId, DevnetOptions options,
            AnvilRpc l1Rpc) {
        AnvilNode node = AnvilNode.start(l2ChainId, 0);
        try {
            AnvilRpc rpc = new AnvilRpc(node.rpcUrl());
            Devnet.installMessagePasser(node.web3j(), rpc, l2ChainId);
            OutputRoot anchor = new OutputRootReader(node.web3j()).at(BigInteger.ZERO);
            L1Deployer deployer = new L1Deployer(new DevnetSigner(l1, DevnetAccounts.deployer(), l1ChainId));
            L1Deployment deployment = Devnet.deployL1(deployer, options, anchor, l2ChainId, l1Rpc);
            deployment = deployment.withBatcher(deployer.deployBatcher(deployment.optimismPortal(),
                    DevnetAccounts.service().getAddress(), DevnetAccounts.secondSubmitter().getAddress(),
                    DevnetAccounts.manifestSigner().getAddress()));
            Proposer proposer = new Proposer(new DevnetSigner(l1, DevnetAccounts.proposer(), l1ChainId), node.web3j(),
                    deployment);
            Resolver resolver = new Resolver(new DevnetSigner(l1, DevnetAccounts.challenger(), l1ChainId), deployment);
            TrafficGenerator traffic = new TrafficGenerator(new DevnetSigner(node.web3j(), DevnetAccounts.l2User(),
                    l2ChainId), rpc);
            return new AdditionalChain(name, node, deployment, proposer, resolver, traffic, l1);
        } catch (Exception | Error e) {
            node.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException("chain " + name + " did not start", e);
        }
    }

    /** Its {@code opwb.chain.additional.<name>.*} properties. */
    Map<String, String> serviceConfig() {
        String prefix = "opwb.chain.additional." + name + ".";
        Map<String, String> config = new LinkedHashMap<>();
        config.put(prefix + "l2.rpc-url", node.rpcUrl());
        config.put(prefix + "l2.chain-id", Long.toString(node.chainId()));
        config.put(prefix + "portal-address", deployment.optimismPortal());
        config.put(prefix + "batcher-address", deployment.withdrawalBatcher());
        return config;
    }

    public String name() {
        return name;
    }

    public long chainId() {
        return node.chainId();
    }

    public Web3j l2() {
        return node.web3j();
    }

    public AnvilRpc l2Rpc() {
        return rpc;
    }

    public L1Deployment deployment() {
        return deployment;
    }

    public Proposer proposer() {
        return proposer;
    }

    public Resolver resolver() {
        return resolver;
    }

    public TrafficGenerator traffic() {
        return traffic;
    }

    /** A read-only view of this chain's portal, for assertions on L1's own state. */
    public OptimismPortal2 portalReader() {
        return OptimismPortal2.load(deployment.optimismPortal(), l1, new ReadonlyTransactionManager(l1,
                DevnetAccounts.deployer().getAddress()), new DefaultGasProvider());
    }

    long pid() {
        return node.pid();
    }

    @Override
    public void close() {
        node.close();
    }
}
