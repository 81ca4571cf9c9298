package io.opwb.devnet;

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
    public record Cadence(Duration proposeEvery, Duration resolveEvery, Duration trafficEvery, int withdrawalsPerRound) {
        public static Cadence demo() {
            return new Cadence(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5), 3);
        }
    }

    private final Devnet devnet;
    private final Cadence cadence;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "devnet-actor");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom random = new SplittableRandom(901);

    DevnetActors(Devnet devnet, Cadence cadence) {
        this.devnet = devnet;
        this.cadence = cadence;
    }

    void start() {
        if (cadence.withdrawalsPerRound() > 0) {
            every(cadence.trafficEvery(), "traffic", () -> {
                var sent = devnet.traffic().initiate(TrafficGenerator.randomRequests(cadence.withdrawalsPerRound(), random));
                LOG.infof("traffic: %d withdrawals initiated on L2, up to block %s", sent.size(),
                        sent.get(sent.size() - 1).l2BlockNumber());
            });
        }
        every(cadence.proposeEvery(), "proposer", () -> devnet.proposer().proposeLatest());
        every(cadence.resolveEvery(), "resolver", () -> devnet.resolver().resolveExpired());
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
