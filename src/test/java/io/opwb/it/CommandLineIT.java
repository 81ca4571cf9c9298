package io.opwb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.protocol.core.DefaultBlockParameterName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;

/**
 * The command line of the packaged service, run as an operator runs it: a withdrawal's status, proven
 * and finalized from the command line, checked on the portal; refused a second time (nothing sent
 * twice); --help and bad input; and the start-up refusals: a wrong portal, a wrong chain id, a missing
 * key, no batcher. One devnet and one database for all runs; each run is a process of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineIT extends ServiceProcessTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNKNOWN = "0x" + "ab".repeat(32);

    private static Map<String, String> settings() {
        return new HashMap<>(ProcessTestBed.serviceConfig(bed.devnet, bed.postgres));
    }

    private static CommandRun opwb(String... args) throws Exception {
        return CommandRun.run(settings(), args);
    }

    @Test
    @Order(1)
    void helpAndBadInput() throws Exception {
        CommandRun help = opwb("--help");
        assertEquals(0, help.exitCode(), help.err());
        for (String command : new String[] { "service", "status", "prove", "finalize", "deploy-batcher" }) {
            assertTrue(help.out().contains(command), help.out());
        }
        assertFalse(help.err().contains("Listening on: http"), "a one-off command serves no HTTP: " + help.err());
        assertFalse(help.err().contains("started in"), "help is answered before the service starts: " + help.err());
        // No scheduled job of the service left running to hold the exit up (it did, for the 10 s shutdown timeout).
        assertFalse(help.err().contains("Awaiting thread pool shutdown"), help.err());

        CommandRun notAHash = opwb("status", "0x1234");
        assertEquals(2, notAHash.exitCode());
        assertEquals("opwb status: Invalid value for positional parameter at index 0 (HASH): not a 32-byte hash "
                + "(0x and 64 hex digits): '0x1234' (see opwb status --help)", notAHash.lastErrorLine());
        CommandRun unknown = opwb("status", UNKNOWN, "--no-sync");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.lastErrorLine().startsWith("opwb status: no withdrawal with hash 0xabab"), unknown.lastErrorLine());
    }

    @Test
    @Order(2)
    void statusProveAndFinalizeOneWithdrawal() throws Exception {
        InitiatedWithdrawal withdrawal = bed.devnet.traffic().initiate(
                TrafficGenerator.randomRequests(1, new SplittableRandom(5)).get(0));
        String hash = withdrawal.transaction().hashHex();
        String service = DevnetAccounts.service().getAddress();
        BigInteger nonceBefore = nonce(service);

        JsonNode ready = awaitStatus(withdrawal.l2TxHash(), "READY_TO_PROVE");
        assertEquals(hash, ready.get("withdrawalHash").asText(), "found by its L2 transaction: " + ready);

        CommandRun proved = opwb("prove", hash);
        assertEquals(0, proved.exitCode(), proved.out() + proved.err());
        assertTrue(proved.out().lines().anyMatch(l -> l.matches("batch #\\d+ CONFIRMED: " + hash + " DONE")), proved.out());
        String batcher = bed.devnet.deployment().withdrawalBatcher();
        assertTrue(bed.devnet.portalReader().provenWithdrawals(withdrawal.transaction().hash(), batcher).send()
                .component2().signum() > 0, "the portal holds our batcher's proof");

        CommandRun again = opwb("prove", hash);
        assertEquals(1, again.exitCode());
        // refused as proven, or as ready to finalize when its (short) maturity passed during the run
        assertTrue(again.lastErrorLine().matches("opwb prove: withdrawal " + hash
                + " is (PROV.*|READY_TO_FINALIZE.*): not ready to prove"), again.lastErrorLine());

        awaitStatus(hash, "READY_TO_FINALIZE");
        BigInteger targetBefore = balance(withdrawal.transaction().target());
        CommandRun finalized = opwb("finalize", hash, "--wait", "2m");
        assertEquals(0, finalized.exitCode(), finalized.err());
        assertTrue(finalized.out().contains(" DONE"), finalized.out());
        assertTrue(bed.devnet.portalReader().finalizedWithdrawals(withdrawal.transaction().hash()).send());
        assertEquals(targetBefore.add(withdrawal.transaction().value()), balance(withdrawal.transaction().target()),
                "the value reached the target");

        CommandRun finalizeAgain = opwb("finalize", hash);
        assertEquals(1, finalizeAgain.exitCode());
        assertTrue(finalizeAgain.lastErrorLine().contains("is FINALIZED"), finalizeAgain.lastErrorLine());
        assertEquals(nonceBefore.add(BigInteger.TWO), nonce(service), "one prove and one finalize transaction");
    }

    @Test
    @Order(3)
    void aWrongPortalIsRefusedAtStart() throws Exception {
        Map<String, String> settings = settings();
        String messenger = settings.get("opwb.chain.l1-messenger-address");
        settings.put("opwb.chain.portal-address", messenger);
        CommandRun result = CommandRun.run(settings, "status", UNKNOWN, "--no-sync");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("the portal address " + messenger), result.err());
        assertTrue(result.err().contains("does not behave like an OP Stack portal"), result.err());
    }

    @Test
    @Order(4)
    void aNodeOnAnotherChainIsRefusedAtStart() throws Exception {
        Map<String, String> settings = settings();
        settings.put("opwb.chain.l1.chain-id", "1");
        CommandRun result = CommandRun.run(settings, "status", UNKNOWN, "--no-sync");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("the L1 RPC node is on chain 900, but opwb.chain.l1.chain-id is 1"), result.err());
    }

    @Test
    @Order(5)
    void aMissingKeyIsRefusedAtStartAndByProve() throws Exception {
        Map<String, String> settings = settings();
        String key = settings.remove("opwb.submission.private-key");
        // A replica that would send (the pipeline on, mode send) refuses to start without its key.
        Map<String, String> sending = new HashMap<>(settings);
        sending.put("opwb.pipeline.enabled", "true");
        CommandRun start = CommandRun.run(sending, "status", UNKNOWN, "--no-sync");
        assertEquals(1, start.exitCode());
        assertTrue(start.err().contains("refusing to start: configure exactly one L1 key"), start.err());
        assertTrue(start.err().contains("OPWB_PIPELINE_MODE=read-only"), start.err());
        assertFalse(start.err().contains(key.substring(2)), "the key is never printed");

        CommandRun prove = CommandRun.run(settings, "prove", UNKNOWN);
        assertEquals(1, prove.exitCode());
        assertTrue(prove.lastErrorLine().startsWith("opwb prove: configure exactly one"), prove.lastErrorLine());
    }

    @Test
    @Order(6)
    void withoutABatcherOnlyReadOnlyStarts() throws Exception {
        // None deployed yet: the setting's default is the zero address.
        Map<String, String> settings = settings();
        settings.remove("opwb.chain.batcher-address");
        settings.put("opwb.pipeline.enabled", "true");
        CommandRun sending = CommandRun.run(settings, "status", UNKNOWN, "--no-sync");
        assertEquals(1, sending.exitCode());
        assertTrue(sending.err().contains("refusing to start: l2: no contract at the batcher address "
                + "0x0000000000000000000000000000000000000000 (none set): deploy one"), sending.err());

        settings.put("opwb.pipeline.mode", "read-only");
        CommandRun readOnly = CommandRun.run(settings, "status", UNKNOWN, "--no-sync");
        assertEquals(2, readOnly.exitCode(), "started, and found no such withdrawal: " + readOnly.err());
        assertTrue(readOnly.lastErrorLine().startsWith("opwb status: no withdrawal with hash"), readOnly.lastErrorLine());
    }

    private static JsonNode awaitStatus(String hash, String status) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode view;
        do {
            CommandRun result = opwb("status", hash);
            assertEquals(0, result.exitCode(), result.err());
            view = JSON.readTree(result.out());
            if (status.equals(view.get("status").asText())) {
                return view;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < end);
        throw new AssertionError("not " + status + " in time: " + view);
    }

    private static BigInteger nonce(String address) throws Exception {
        return bed.devnet.l1().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }

    private static BigInteger balance(String address) throws Exception {
        return bed.devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }
}
