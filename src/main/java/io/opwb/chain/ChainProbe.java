package io.opwb.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.web3j.protocol.Web3j;

/**
 * One look at a chain's nodes for the readiness check: each node of its failover list once, one
 * attempt each. Up when a node answers on the expected chain; down when none does, or when one
 * answers on another chain (failing over to it would read the wrong chain).
 */
public final class ChainProbe {

    public record Answer(boolean up, String data) {
    }

    private ChainProbe() {
    }

    static Answer probe(NodeProbes nodes, long expectedChainId) {
        return probe(nodes.all(), expectedChainId);
    }

    public static Answer probe(List<Web3j> nodes, long expectedChainId) {
        Answer up = null;
        List<String> down = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeAnswer answer = probeOne(nodes.get(i), expectedChainId);
            String which = nodes.size() == 1 ? "" : " (node " + (i + 1) + " of " + nodes.size() + ")";
            switch (answer.state()) {
                case WRONG_CHAIN -> {
                    return new Answer(false, answer.data() + which);
                }
                case UP -> up = up != null ? up : new Answer(true, answer.data() + which);
                case UNREACHABLE -> down.add(nodes.size() == 1 ? answer.data() : "node " + (i + 1) + " " + answer.data());
            }
        }
        if (up != null) {
            return down.isEmpty() ? up : new Answer(true, up.data() + "; " + String.join("; ", down));
        }
        return new Answer(false, nodes.size() == 1 ? down.get(0) : "unreachable: every node: " + String.join("; ", down));
    }

    private enum NodeState { UP, UNREACHABLE, WRONG_CHAIN }

    private record NodeAnswer(NodeState state, String data) {
    }

    // A probe that cannot reach the node has its answer: not ready. Honest, unlike a made-up value.
    private static NodeAnswer probeOne(Web3j node, long expectedChainId) {
        BigInteger chainId;
        BigInteger head;
        try {
            chainId = node.ethChainId().send().getChainId();
            head = node.ethBlockNumber().send().getBlockNumber();
        } catch (Exception e) {
            return new NodeAnswer(NodeState.UNREACHABLE, "unreachable: " + RpcErrorKind.of(e) + ", " + e.getMessage());
        }
        if (chainId == null || chainId.bitLength() > 63 || chainId.longValue() != expectedChainId) {
            return new NodeAnswer(NodeState.WRONG_CHAIN, "chain id " + chainId + ", expected " + expectedChainId);
        }
        return new NodeAnswer(NodeState.UP, "chain " + chainId + ", head " + head);
    }
}
