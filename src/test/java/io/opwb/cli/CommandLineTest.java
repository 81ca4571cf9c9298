package io.opwb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.protocol.core.DefaultBlockParameterName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetActors;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The command line against a devnet with the real portal: one withdrawal's status, then proven and
 * finalized from the command line, checked on the portal; refused a second time (nothing sent
 * twice); --help and bad input; and the start-up refusals: a wrong portal, a wrong chain id, a
 * missing key. The devnet's settings reach each launch as system properties, above the test's own.
 */
@QuarkusMainTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Devnet devnet;
    private static InitiatedWithdrawal withdrawal;

    private static Map<String, String> settings;

    /**
     * One devnet and one database for all launches (a test resource would be started again for
     * each launch), as system properties, above the test's own settings.
     */
    @BeforeAll
    static void startDevnetAndDatabase() throws Exception {
        devnet = Devnet.start(new DevnetOptions(DevnetClocks.demo(), 1, 0, DevnetOptions.forTests().portalFunding()));
        devnet.startActors(DevnetActors.Cadence.proposeAndResolve(Duration.ofSeconds(3), Duration.ofSeconds(1)));
        settings = new HashMap<>(devnet.serviceConfig());
        settings.putAll(PostgresTestResource.settings(PostgresTestResource.createDatabase()));
        settings.forEach(System::setProperty);
    }

    @AfterAll
    static void stopDevnetAndDatabase() throws Exception {
        settings.keySet().forEach(System::clearProperty);
        devnet.close();
    }

    @Test
    @Order(1)
    void helpAndBadInput(QuarkusMainLauncher launcher) {
        LaunchResult help = launcher.launch("--help");
        assertEquals(0, help.exitCode(), help.getErrorOutput());
        for (String command : new String[] { "service", "status", "prove", "finalize", "deploy-batcher" }) {
            assertTrue(help.getOutput().contains(command), help.getOutput());
        }
        assertFalse(help.getErrorOutput().contains("Listening on"), "a one-off command serves no HTTP");

        LaunchResult notAHash = launcher.launch("status", "0x1234");
        assertEquals(2, notAHash.exitCode());
        assertEquals("opwb status: Invalid value for positional parameter at index 0 (HASH): not a 32-byte hash "
                + "(0x and 64 hex digits): '0x1234' (see opwb status --help)", lastLine(notAHash));
        LaunchResult unknown = launcher.launch("status", "0x" + "ab".repeat(32), "--no-sync");
        assertEquals(2, unknown.exitCode());
        assertTrue(lastLine(unknown).startsWith("opwb status: no withdrawal with hash 0xabab"), lastLine(unknown));
    }

    @Test
    @Order(2)
    void statusProveAndFinalizeOneWithdrawal(QuarkusMainLauncher launcher) throws Exception {
        withdrawal = devnet.traffic().initiate(TrafficGenerator.randomRequests(1, new SplittableRandom(5)).get(0));
        String hash = withdrawal.transaction().hashHex();
        String service = DevnetAccounts.service().getAddress();
        BigInteger nonceBefore = nonce(service);

        JsonNode ready = awaitStatus(launcher, withdrawal.l2TxHash(), "READY_TO_PROVE");
        assertEquals(hash, ready.get("withdrawalHash").asText(), "found by its L2 transaction: " + ready);

        LaunchResult proved = launcher.launch("prove", hash);
        assertEquals(0, proved.exitCode(), proved.getOutput() + proved.getErrorOutput());
        assertTrue(proved.getOutput().lines().anyMatch(l -> l.matches("batch #\\d+ CONFIRMED: " + hash + " DONE")),
                proved.getOutput());
        String batcher = devnet.deployment().withdrawalBatcher();
        assertTrue(devnet.portalReader().provenWithdrawals(withdrawal.transaction().hash(), batcher).send()
                .component2().signum() > 0, "the portal holds our batcher's proof");

        LaunchResult again = launcher.launch("prove", hash);
        assertEquals(1, again.exitCode());
        // refused as proven, or as ready to finalize when its (demo) maturity passed during the launch
        assertTrue(lastLine(again).matches("opwb prove: withdrawal " + hash
                + " is (PROV.*|READY_TO_FINALIZE.*): not ready to prove"), lastLine(again));

        awaitStatus(launcher, hash, "READY_TO_FINALIZE");
        BigInteger targetBefore = balance(withdrawal.transaction().target());
        LaunchResult finalized = launcher.launch("finalize", hash, "--wait", "2m");
        assertEquals(0, finalized.exitCode(), finalized.getErrorOutput());
        assertTrue(finalized.getOutput().contains(" DONE"), finalized.getOutput());
        assertTrue(devnet.portalReader().finalizedWithdrawals(withdrawal.transaction().hash()).send());
        assertEquals(targetBefore.add(withdrawal.transaction().value()), balance(withdrawal.transaction().target()),
                "the value reached the target");

        LaunchResult finalizeAgain = launcher.launch("finalize", hash);
        assertEquals(1, finalizeAgain.exitCode());
        assertTrue(lastLine(finalizeAgain).contains("is FINALIZED"), lastLine(finalizeAgain));
        assertEquals(nonceBefore.add(BigInteger.TWO), nonce(service), "one prove and one finalize transaction");
    }

    @Test
    @Order(3)
    void aWrongPortalIsRefusedAtStart(QuarkusMainLauncher launcher) {
        String messenger = devnet.serviceConfig().get("opwb.chain.l1-messenger-address");
        LaunchResult result = withProperty("opwb.chain.portal-address", messenger,
                () -> launcher.launch("status", "0x" + "ab".repeat(32), "--no-sync"));
        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("the portal address " + messenger), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("does not behave like an OP Stack portal"), result.getErrorOutput());
    }

    @Test
    @Order(4)
    void aNodeOnAnotherChainIsRefusedAtStart(QuarkusMainLauncher launcher) {
        LaunchResult result = withProperty("opwb.chain.l1.chain-id", "1",
                () -> launcher.launch("status", "0x" + "ab".repeat(32), "--no-sync"));
        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("the L1 RPC node is on chain 900, but opwb.chain.l1.chain-id is 1"),
                result.getErrorOutput());
    }

    @Test
    @Order(5)
    void aMissingKeyIsRefusedAtStartAndByProve(QuarkusMainLauncher launcher) {
        // An empty value unsets the key (the tests' own default key included).
        String key = System.setProperty("opwb.submission.private-key", "");
        try {
            // A replica that would send (the pipeline on, mode send) refuses to start without its key.
            LaunchResult start = withProperty("opwb.pipeline.enabled", "true",
                    () -> launcher.launch("status", "0x" + "ab".repeat(32), "--no-sync"));
            assertEquals(1, start.exitCode());
            assertTrue(start.getErrorOutput().contains("refusing to start: configure exactly one L1 key"), start.getErrorOutput());
            assertTrue(start.getErrorOutput().contains("OPWB_PIPELINE_MODE=read-only"), start.getErrorOutput());
            assertFalse(start.getErrorOutput().contains(key.substring(2)), "the key is never printed");

            LaunchResult prove = launcher.launch("prove", "0x" + "ab".repeat(32));
            assertEquals(1, prove.exitCode());
            assertTrue(lastLine(prove).startsWith("opwb prove: configure exactly one"), lastLine(prove));
        } finally {
            System.setProperty("opwb.submission.private-key", key);
        }
    }

    @Test
    @Order(6)
    void withoutABatcherOnlyReadOnlyStarts(QuarkusMainLauncher launcher) {
        // Unset (the tests' own fallback is the zero address, as the setting's default): none deployed yet.
        String batcher = System.clearProperty("opwb.chain.batcher-address");
        try {
            LaunchResult sending = withProperty("opwb.pipeline.enabled", "true",
                    () -> launcher.launch("status", "0x" + "ab".repeat(32), "--no-sync"));
            assertEquals(1, sending.exitCode());
            assertTrue(sending.getErrorOutput().contains("refusing to start: l2: no contract at the batcher address "
                    + "0x0000000000000000000000000000000000000000 (none set): deploy one"), sending.getErrorOutput());

            LaunchResult readOnly = withProperty("opwb.pipeline.mode", "read-only", () -> withProperty(
                    "opwb.pipeline.enabled", "true", () -> launcher.launch("status", "0x" + "ab".repeat(32), "--no-sync")));
            assertEquals(2, readOnly.exitCode(), "started, and found no such withdrawal: " + readOnly.getErrorOutput());
            assertTrue(lastLine(readOnly).startsWith("opwb status: no withdrawal with hash"), lastLine(readOnly));
        } finally {
            System.setProperty("opwb.chain.batcher-address", batcher);
        }
    }

    private static JsonNode awaitStatus(QuarkusMainLauncher launcher, String hash, String status) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode view;
        do {
            LaunchResult result = launcher.launch("status", hash);
            assertEquals(0, result.exitCode(), result.getErrorOutput());
            view = json(result);
            if (status.equals(view.get("status").asText())) {
                return view;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < end);
        throw new AssertionError("not " + status + " in time: " + view);
    }

    /**
     * The command's JSON answer: stdout from its first line that opens a JSON value (test resources
     * started by the launch may log on stdout before the application takes over the console).
     */
    private static JsonNode json(LaunchResult result) throws Exception {
        String out = result.getOutput();
        int start = out.startsWith("{") || out.startsWith("[") ? 0
                : Math.max(out.indexOf("\n{\n") + 1, out.indexOf("\n[") + 1);
        return JSON.readTree(out.substring(start));
    }

    private static String lastLine(LaunchResult result) {
        var lines = result.getErrorOutput().lines().filter(Predicate.not(String::isBlank)).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static LaunchResult withProperty(String key, String value, java.util.function.Supplier<LaunchResult> launch) {
        String before = System.setProperty(key, value);
        try {
            return launch.get();
        } finally {
            restore(key, before);
        }
    }

    private static void restore(String key, String before) {
        if (before == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, before);
        }
    }

    private static BigInteger nonce(String address) throws Exception {
        return devnet.l1().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount();
    }

    private static BigInteger balance(String address) throws Exception {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

}
