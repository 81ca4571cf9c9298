package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.opwb.batching.FeeConfig;
import io.opwb.chain.ChainClients;
import io.opwb.chain.ChainConfig;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;

/** The fee gate reads the devnet's real base fee: a spike makes batches wait, its end lets them go. */
class FeeGateOnDevnetTest {

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    @Test
    void batchesWaitOutAFeeSpikeUnlessTheirDeadlineIsNear() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.forTests())) {
            FeeGate gate = new FeeGate(new ChainClients(chains(devnet)), fees(GWEI.multiply(BigInteger.valueOf(5))));
            devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI.multiply(BigInteger.valueOf(50)));
            devnet.l1Rpc().mine();
            devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI.multiply(BigInteger.valueOf(50)));
            assertFalse(gate.allows("prove", Instant.now()), "50 gwei is over the 5 gwei ceiling");
            assertTrue(gate.allows("prove", Instant.now().minus(Duration.ofHours(23).plusMinutes(1))),
                    "within an hour of its 24 h deadline it goes anyway");
            devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI);
            devnet.l1Rpc().mine();
            devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI);
            assertTrue(gate.allows("prove", Instant.now()), "1 gwei is under the ceiling");
        }
    }

    private static FeeConfig fees(BigInteger ceiling) {
        return new FeeConfig() {
            public Optional<BigInteger> baseFeeCeilingWei() {
                return Optional.of(ceiling);
            }

            public Optional<Integer> baseFeePercentile() {
                return Optional.empty();
            }

            public int historyBlocks() {
                return 10;
            }

            public Duration deadline() {
                return Duration.ofHours(24);
            }

            public Duration urgency() {
                return Duration.ofHours(1);
            }
        };
    }

    private static ChainConfig chains(Devnet devnet) {
        return new ChainConfig() {
            public Endpoint l1() {
                return endpoint(devnet.l1RpcUrl(), DevnetOptions.L1_CHAIN_ID);
            }

            public Endpoint l2() {
                return endpoint(devnet.l2RpcUrl(), DevnetOptions.L2_CHAIN_ID);
            }

            public String portalAddress() {
                return devnet.deployment().optimismPortal();
            }

            public String batcherAddress() {
                return devnet.deployment().withdrawalBatcher();
            }

            public java.util.Optional<String> l1MessengerAddress() {
                return java.util.Optional.empty();
            }

            public String name() {
                return "l2";
            }

            public java.util.Optional<String> preset() {
                return java.util.Optional.empty();
            }

            public java.util.Map<String, io.opwb.chain.OpChainConfig> additional() {
                return java.util.Map.of();
            }
        };
    }

    private static ChainConfig.Endpoint endpoint(String url, long chainId) {
        return new ChainConfig.Endpoint() {
            public String rpcUrl() {
                return url;
            }

            public long chainId() {
                return chainId;
            }
        };
    }
}
