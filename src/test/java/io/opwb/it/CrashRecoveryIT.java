package io.opwb.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.pipeline.CrashPoints;

/**
 * The service is killed with SIGKILL again and again — right after a batch is committed but not
 * broadcast, right after the broadcast, right after a receipt is read but before its outcome is
 * stored, and at random moments — and restarted each time. At the end every withdrawal is
 * finalized exactly once and none of our proofs was sent twice, by the portal's own events.
 */
class CrashRecoveryIT extends ServiceProcessTestBase {

    private static final int KILLS = 20;
    private static final String RANDOM_MOMENT = "random";
    private static final String[] MODES = {CrashPoints.AFTER_RECORD, CrashPoints.AFTER_BROADCAST,
            CrashPoints.AFTER_RECEIPT, RANDOM_MOMENT};

    @Test
    void killedAtEveryDangerousPointItLosesNothingAndRepeatsNothing() throws Exception {
        SplittableRandom traffic = new SplittableRandom(20261129);
        List<InitiatedWithdrawal> withdrawals = new ArrayList<>();
        Map<String, BigInteger> balances = new HashMap<>();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> config = bed.serviceConfig(4);
        // A restarted pod keeps its name: it takes its own lease back at once instead of waiting for expiry.
        config.put("opwb.pipeline.lease.holder", "crash-test-replica");

        Map<String, Integer> kills = new LinkedHashMap<>();
        int killed = 0;
        for (int run = 0; killed < KILLS && run < 3 * KILLS; run++) {
            // Keep work in flight, so that every run finds batches to build, send and follow.
            if (unfinished(withdrawals) < 12) {
                List<InitiatedWithdrawal> more = bed.devnet.traffic().initiateInOneBlock(
                        TrafficGenerator.randomRequests(12, traffic));
                balances.putAll(bed.balances(more));
                withdrawals.addAll(more);
            }
            String mode = MODES[run % MODES.length];
            Map<String, String> runConfig = new HashMap<>(config);
            if (!RANDOM_MOMENT.equals(mode)) {
                runConfig.put("opwb.pipeline.pause-at", mode);
            }
            Path log = ServiceProcess.projectDir().resolve("target/it-logs/crash-run-" + run + ".log");
            try (ServiceProcess service = ServiceProcess.start("run " + run, runConfig, log)) {
                boolean reached;
                if (RANDOM_MOMENT.equals(mode)) {
                    reached = service.awaitOutput("worker lease acquired", Duration.ofSeconds(60));
                    Thread.sleep(300 + random.nextInt(4000));
                } else {
                    reached = service.awaitOutput("crash point " + mode + " reached", Duration.ofSeconds(45));
                }
                if (!service.alive()) {
                    fail("the service exited by itself in run " + run + "; its output is in " + log);
                }
                service.kill9();
                if (reached) {
                    killed++;
                    kills.merge(mode, 1, Integer::sum);
                }
                System.out.printf("run %d: %s, SIGKILL %s; %d of %d withdrawals finalized on L1%n", run, mode,
                        reached ? "there" : "(point not reached in time)", bed.finalizedOnChain(withdrawals),
                        withdrawals.size());
            }
        }
        System.out.printf("kills by point (random seed %d): %s%n", seed, kills);
        assertTrue(killed >= KILLS, "killed " + killed + " times: " + kills);
        for (String mode : MODES) {
            assertTrue(kills.getOrDefault(mode, 0) >= 3, "killed at " + mode + " at least 3 times: " + kills);
        }

        // A last run without faults: everything still open is completed.
        Path log = ServiceProcess.projectDir().resolve("target/it-logs/crash-run-final.log");
        try (ServiceProcess service = ServiceProcess.start("final run", config, log)) {
            bed.awaitFinalizedOnChain(withdrawals, Duration.ofMinutes(3));
            bed.awaitFinalizedInDatabase(withdrawals, Duration.ofMinutes(1));
        }
        bed.assertEachFinalizedExactlyOnce(withdrawals, balances);

        // Crashes and restarts leave no secret in the output either.
        String key = io.opwb.devnet.DevnetAccounts.SERVICE_KEY.substring(2).toLowerCase();
        try (var logs = java.nio.file.Files.list(ServiceProcess.projectDir().resolve("target/it-logs"))) {
            for (Path file : logs.filter(f -> f.getFileName().toString().startsWith("crash-run-")).toList()) {
                assertFalse(java.nio.file.Files.readString(file).toLowerCase().contains(key), "the L1 key is in " + file);
            }
        }
    }

    /**
     * With the L1 anvil as the remote signer (no key in the service): killed once between recording a batch and
     * broadcasting it, restarted, and every withdrawal is finalized once. The key is in neither process's
     * arguments nor environment, nor in their output.
     */
    @Test
    void withARemoteSignerKilledBeforeTheBroadcastItRecoversAndTheKeyStaysOut() throws Exception {
        List<InitiatedWithdrawal> withdrawals = bed.devnet.traffic().initiateInOneBlock(
                TrafficGenerator.randomRequests(6, new SplittableRandom(4_2026)));
        Map<String, BigInteger> balances = bed.balances(withdrawals);
        Map<String, String> config = bed.devnet.withL1AsRemoteSigner(bed.serviceConfig(4));
        config.put("opwb.pipeline.lease.holder", "crash-test-replica");
        Map<String, String> paused = new HashMap<>(config);
        paused.put("opwb.pipeline.pause-at", CrashPoints.AFTER_RECORD);
        List<Path> logs = List.of(ServiceProcess.projectDir().resolve("target/it-logs/remote-signer-run-0.log"),
                ServiceProcess.projectDir().resolve("target/it-logs/remote-signer-run-1.log"));
        try (ServiceProcess service = ServiceProcess.start("remote signer, run 0", paused, logs.get(0))) {
            assertTrue(service.awaitOutput("crash point " + CrashPoints.AFTER_RECORD + " reached", Duration.ofSeconds(60)),
                    "a batch signed remotely and recorded; see " + logs.get(0));
            assertKeyOutOf(service);
            service.kill9();
        }
        try (ServiceProcess service = ServiceProcess.start("remote signer, run 1", config, logs.get(1))) {
            assertKeyOutOf(service);
            bed.awaitFinalizedOnChain(withdrawals, Duration.ofMinutes(2));
            bed.awaitFinalizedInDatabase(withdrawals, Duration.ofMinutes(1));
        }
        bed.assertEachFinalizedExactlyOnce(withdrawals, balances);
        for (Path log : logs) {
            String output = java.nio.file.Files.readString(log);
            assertTrue(output.contains("signed by a remote signer at " + bed.devnet.l1RpcUrl()),
                    "signing through anvil: " + log);
            assertFalse(output.toLowerCase().contains(SERVICE_KEY_HEX), "the L1 key is in " + log);
        }
    }

    private static final String SERVICE_KEY_HEX = io.opwb.devnet.DevnetAccounts.SERVICE_KEY.substring(2).toLowerCase();

    /** Neither the key nor a key setting in the live process's arguments or environment, as the kernel has them. */
    private static void assertKeyOutOf(ServiceProcess service) throws java.io.IOException {
        for (String part : List.of("cmdline", "environ")) {
            String text = new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(service.pid()), part)),
                    java.nio.charset.StandardCharsets.UTF_8).toLowerCase();
            assertTrue(text.contains(part.equals("cmdline") ? "opwb.submission.remote-signer.url" : "path="),
                    "read the process's " + part);
            assertFalse(text.contains(SERVICE_KEY_HEX), "the L1 key is in /proc/<pid>/" + part);
            assertFalse(text.contains("private-key") || text.contains("private_key"), "a key setting in /proc/<pid>/" + part);
        }
    }

    private static long unfinished(List<InitiatedWithdrawal> withdrawals) throws Exception {
        return withdrawals.size() - bed.finalizedOnChain(withdrawals);
    }
}
