package io.opwb.devnet;

import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The devnet's background life for a real-time demo: traffic initiates withdrawals on L2, the
 * proposer proposes the newest L2 block, the resolver resolves expired games.
 */
public final class DevnetActors {

    private static final Logger LOG = Logger.getLogger(DevnetActors.class);

    /**
     * @param withdrawalsPerRound traffic: this many withdrawals every {@code trafficEvery}; 0 for none
     */
    public record Cadence(Duration proposeEvery, Duration resolveEvery, Duration trafficEvery, int withdrawalsPerRound,
            Duration feeSpikeEvery) {
        public static Cadence demo() {
            return new Cadence(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
                    Duration.ofSeconds(75));
        }

        /** No traffic, no fee spikes: for tests that drive those themselves. */
        public static Cadence proposeAndResolve(Duration proposeEvery, Duration resolveEvery) {
            return new Cadence(proposeEvery, resolveEvery, Duration.ofSeconds(1), 0, Duration.ZERO);
        }
    }

    /** The demo's base-fee ceiling; a spike starts far above it and decays under it in about 25 blocks. */
    public static final BigInteger DEMO_FEE_CEILING = BigInteger.valueOf(5_000_000_000L);
    private static final BigInteger FEE_SPIKE = BigInteger.valueOf(80_000_000_000L);

    private final Devnet devnet;
    private final Cadence cadence;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "devnet-actor");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom random = new SplittableRandom(901);
    private boolean tokensFunded;

    DevnetActors(Devnet devnet, Cadence cadence) {
        this.devnet = devnet;
        this.cadence = cadence;
    }

    void start() {
        if (cadence.withdrawalsPerRound() > 0) {
            every(cadence.trafficEvery(), "traffic", () -> {
                var sent = devnet.traffic().initiate(TrafficGenerator.randomRequests(cadence.withdrawalsPerRound(), random));
                bridgeTraffic();
                LOG.infof("traffic: %d withdrawals initiated on L2, and an ETH and a token transfer through the "
                        + "standard bridge, up to block %s", sent.size(), sent.get(sent.size() - 1).l2BlockNumber());
            });
        }
        if (!cadence.feeSpikeEvery().isZero()) {
            every(cadence.feeSpikeEvery(), "fee spike", () -> {
                // EIP-1559 lets it fall by up to 1/8 a block from here.
                devnet.l1Rpc().setNextBlockBaseFeePerGas(FEE_SPIKE);
                LOG.infof("fee spike: the next L1 block's base fee is %s gwei", FEE_SPIKE.divide(BigInteger.TEN.pow(9)));
            });
        }
        every(cadence.proposeEvery(), "proposer", () -> devnet.proposeLatest());
        every(cadence.resolveEvery(), "resolver", () -> devnet.resolveExpired());
    }

    /** One ETH and one token transfer through the standard bridge, as most users withdraw. */
    private void bridgeTraffic() throws Exception {
        BridgeTraffic bridges = devnet.bridgeTraffic();
        if (!tokensFunded) {
            bridges.fundToken(BigInteger.TEN.pow(24)); // a deposit from L1 first: there must be tokens to withdraw
            tokensFunded = true;
        }
        bridges.withdrawEth(randomAddress(), BigInteger.valueOf(1 + random.nextInt(100)).multiply(BigInteger.TEN.pow(15)));
        bridges.withdrawToken(randomAddress(), BigInteger.valueOf(1 + random.nextInt(1000)).multiply(BigInteger.TEN.pow(18)));
    }

    private String randomAddress() {
        byte[] address = new byte[20];
        random.nextBytes(address);
        return org.web3j.crypto.Keys.toChecksumAddress(org.web3j.utils.Numeric.toHexString(address));
    }

    private void every(Duration period, String name, Task task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (Exception e) {
                // A failed round is retried on the next one; the devnet keeps running.
                if (!executor.isShutdown()) {
                    LOG.warnf("devnet %s: %s", name, e.getMessage());
                }
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }
}
