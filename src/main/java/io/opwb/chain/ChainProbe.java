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
        Answer first = null;
        Answer up = null;
        List<String> others = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Answer answer = probeOne(nodes.get(i), expectedChainId);
            String which = nodes.size() == 1 ? "" : " (node " + (i + 1) + " of " + nodes.size() + ")";
            if (answer.data().startsWith("chain id ")) {
                return new Answer(false, answer.data() + which);
            }
            if (first == null) {
                first = answer;
            }
            if (answer.up() && up == null) {
                up = new Answer(true, answer.data() + which);
            } else if (!answer.up()) {
                others.add("node " + (i + 1) + " " + answer.data());
            }
        }
        if (up != null) {
            return others.isEmpty() ? up : new Answer(true, up.data() + "; " + String.join("; ", others));
        }
        return nodes.size() == 1 ? first : new Answer(false, "unreachable: every node: " + String.join("; ", others));
    }

    // A probe that cannot reach the node has its answer: not ready. Honest, unlike a made-up value.
    private static Answer probeOne(Web3j node, long expectedChainId) {
        BigInteger chainId;
        BigInteger head;
        try {
            chainId = node.ethChainId().send().getChainId();
            head = node.ethBlockNumber().send().getBlockNumber();
        } catch (Exception e) {
            return new Answer(false, "unreachable: " + RpcErrorKind.of(e) + ", " + e.getMessage());
        }
        if (chainId == null || chainId.bitLength() > 63 || chainId.longValue() != expectedChainId) {
            return new Answer(false, "chain id " + chainId + ", expected " + expectedChainId);
        }
        return new Answer(true, "chain " + chainId + ", head " + head);
    }
}
