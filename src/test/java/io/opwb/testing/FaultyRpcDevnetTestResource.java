package io.opwb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import io.opwb.devnet.Devnet;

/**
 * {@link PipelineDevnetTestResource}'s devnet and pipeline, with the service's L1 and L2 URLs
 * pointed at {@link FaultyRpcProxy}s in front of the anvils: a fifth of the service's requests get
 * a 429, a 503, a dropped connection or a timeout, and some are slowed. The devnet's own actors
 * (proposer, resolver, traffic) and the test's reads go to the anvils directly.
 */
public class FaultyRpcDevnetTestResource extends PipelineDevnetTestResource {

    public static final double FAULT_SHARE = 0.2;
    /** Of the simulations and proofs that get through, this share is answered with a node error. */
    public static final double NODE_ERROR_SHARE = 0.1;
    /** The service's bound on one attempt; the proxy holds timed-out answers longer. */
    public static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration HOLD = Duration.ofMillis(1_200);

    private static volatile FaultyRpcProxy l1Proxy;
    private static volatile FaultyRpcProxy l2Proxy;

    /** The key in the settings, as before the pipeline devnet moved to a remote signer: this test is about nodes. */
    @Override
    protected Map<String, String> config(Devnet devnet) {
        return pipelineConfig(devnet);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(super.start());
        Devnet devnet = devnet();
        try {
            // Besides the random faults, the first two sends' answers are lost after the node took them.
            // and a node's own errors on the calls that decide withdrawals' fates: simulations and proofs
            l1Proxy = new FaultyRpcProxy(devnet.l1RpcUrl(), FAULT_SHARE, HOLD).loseAnswers("eth_sendRawTransaction", 2)
                    .nodeErrors(java.util.Set.of("eth_call", "eth_createAccessList"), NODE_ERROR_SHARE);
            l2Proxy = new FaultyRpcProxy(devnet.l2RpcUrl(), FAULT_SHARE, HOLD)
                    .nodeErrors(java.util.Set.of("eth_getProof"), NODE_ERROR_SHARE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("opwb.chain.l1.rpc-url", l1Proxy.url());
        config.put("opwb.chain.l2.rpc-url", l2Proxy.url());
        config.put("opwb.rpc.timeout-millis", Long.toString(CLIENT_TIMEOUT.toMillis()));
        return config;
    }

    public static FaultyRpcProxy l1Proxy() {
        return l1Proxy;
    }

    public static FaultyRpcProxy l2Proxy() {
        return l2Proxy;
    }

    @Override
    public void stop() {
        if (l1Proxy != null) {
            l1Proxy.close();
        }
        if (l2Proxy != null) {
            l2Proxy.close();
        }
        super.stop();
    }
}
