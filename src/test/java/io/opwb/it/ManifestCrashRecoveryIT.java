package io.opwb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.pipeline.CrashPoints;

/**
 * Manifest mode, killed with SIGKILL right after a manifest is signed and committed (no chunk
 * sent yet) and right after a chunk is committed (not broadcast), and restarted each time. At the
 * end every withdrawal is finalized exactly once, none of our proofs was sent twice (the portal's
 * events), and every chunk was sent by one of the two submitter keys.
 */
class ManifestCrashRecoveryIT extends ServiceProcessTestBase {

    private static final String[] MODES = {CrashPoints.AFTER_MANIFEST, CrashPoints.AFTER_RECORD};
    private static final int KILLS_PER_MODE = 3;

    @Test
    void killedBetweenSigningAndSendingItStillSendsEveryChunkOnce() throws Exception {
        SplittableRandom traffic = new SplittableRandom(7_2026);
        List<InitiatedWithdrawal> withdrawals = new ArrayList<>();
        Map<String, BigInteger> balances = new HashMap<>();
        Map<String, String> config = bed.serviceConfig(50);
        config.put("opwb.pipeline.lease.holder", "manifest-crash-replica");
        config.put("opwb.manifest.enabled", "true");
        config.put("opwb.manifest.chunk-items", "3");

        Map<String, Integer> kills = new LinkedHashMap<>();
        for (int run = 0; run < 4 * MODES.length * KILLS_PER_MODE && !enough(kills); run++) {
            // New withdrawals every run, so that every run has a manifest to sign and chunks to send.
            {
                List<InitiatedWithdrawal> more = bed.devnet.traffic().initiateInOneBlock(
                        TrafficGenerator.randomRequests(6, traffic));
                balances.putAll(bed.balances(more));
                withdrawals.addAll(more);
            }
            String mode = MODES[run % MODES.length];
            Map<String, String> runConfig = new HashMap<>(config);
            runConfig.put("opwb.pipeline.pause-at", mode);
            Path log = ServiceProcess.projectDir().resolve("target/it-logs/manifest-crash-run-" + run + ".log");
            try (ServiceProcess service = ServiceProcess.start("manifest run " + run, runConfig, log)) {
                boolean reached = service.awaitOutput("crash point " + mode + " reached", Duration.ofSeconds(45));
                if (!service.alive()) {
                    fail("the service exited by itself in run " + run + "; its output is in " + log);
                }
                service.kill9();
                if (reached) {
                    kills.merge(mode, 1, Integer::sum);
                }
                System.out.printf("manifest run %d: %s, SIGKILL %s; %d of %d withdrawals finalized on L1%n", run, mode,
                        reached ? "there" : "(point not reached in time)", bed.finalizedOnChain(withdrawals),
                        withdrawals.size());
            }
        }
        assertTrue(enough(kills), "killed at each point " + KILLS_PER_MODE + " times: " + kills);

        Path log = ServiceProcess.projectDir().resolve("target/it-logs/manifest-crash-run-final.log");
        try (ServiceProcess service = ServiceProcess.start("manifest final run", config, log)) {
            bed.awaitFinalizedOnChain(withdrawals, Duration.ofMinutes(3));
            bed.awaitFinalizedInDatabase(withdrawals, Duration.ofMinutes(1));
        }
        bed.assertEachFinalizedExactlyOnce(withdrawals, balances);

        try (Connection db = bed.db(); ResultSet rs = db.createStatement().executeQuery(
                "select count(*), count(distinct b.sender), count(*) filter (where b.manifest_id is null), "
                        + "(select count(*) from manifest_item where batch_id is null and manifest_id in "
                        + "(select id from manifest where status <> 'EXPIRED')) from batch b")) {
            rs.next();
            assertTrue(rs.getLong(1) > 0, "batches were sent");
            assertEquals(2, rs.getLong(2), "chunks went out from both submitter keys");
            assertEquals(0, rs.getLong(3), "every batch is a manifest chunk");
            assertEquals(0, rs.getLong(4), "no leaf of a live manifest was left unsent");
        }
    }

    private static boolean enough(Map<String, Integer> kills) {
        for (String mode : MODES) {
            if (kills.getOrDefault(mode, 0) < KILLS_PER_MODE) {
                return false;
            }
        }
        return true;
    }
}
