package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.proof.StorageProofs;
import io.opwb.testing.PipelineDevnetTestResource;
import io.restassured.path.json.JsonPath;

/**
 * The product, end to end on a devnet with a real or stand-in portal: 120+ withdrawals over several
 * L2 blocks are indexed, proven and finalized by our batches; one proven by its own sender is
 * finalized with that proof; one whose L1 target reverts and one whose gas limit cannot fit a
 * batch are skipped with a reason. Asserted on the chain itself. Run on each portal generation by
 * its subclasses ({@link PipelineEndToEndTest}, {@link AsrEraEndToEndTest}).
 */
abstract class EndToEndMixScenario {

    /** The devnet the subclass's test resource started. */
    protected abstract Devnet devnet();

    @jakarta.inject.Inject
    Simulator simulator;

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;

    @jakarta.inject.Inject
    io.opwb.chain.Chains chains;

    @jakarta.inject.Inject
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans;

    /** Runtime code that reverts on any call: PUSH1 0 PUSH1 0 REVERT. */
    private static final String REVERTING_CODE = "0x60006000fd";
    private static final String REVERTING_TARGET = "0x00000000000000000000000000000000000ba0ba";

    @Test
    void withdrawalsFlowFromL2InitiationToL1FinalizationInBatches() throws Exception {
        Devnet devnet = devnet();
        String batcher = devnet.deployment().withdrawalBatcher();
        devnet.l1Rpc().setCode(REVERTING_TARGET, REVERTING_CODE);

        // 1. One withdrawal proven by its own sender before the service can act (its batch window is 3 s).
        InitiatedWithdrawal senderProven = devnet.traffic().initiate(
                WithdrawalRequest.eth(freshAddress(new SplittableRandom(7)), new BigInteger("300000000000000000")));
        // Its cost as a transaction of its own, measured as the service measures solo gas, matches the real one.
        long[] soloAndActual = proveAsSender(devnet, senderProven, simulator, chains.primary().contracts());
        assertTrue(Math.abs(soloAndActual[0] - soloAndActual[1]) <= soloAndActual[1] / 20,
                "solo gas " + soloAndActual[0] + " vs the real proof transaction's " + soloAndActual[1]);

        // 2. Traffic: 120 withdrawals in 8 L2 blocks, mixed values and targets; two that must be skipped.
        SplittableRandom random = new SplittableRandom(2026);
        List<InitiatedWithdrawal> eligible = new ArrayList<>();
        eligible.add(senderProven);
        for (int block = 0; block < 8; block++) {
            eligible.addAll(devnet.traffic().initiateInOneBlock(TrafficGenerator.randomRequests(15, random)));
        }
        InitiatedWithdrawal reverting = devnet.traffic().initiate(
                WithdrawalRequest.eth(REVERTING_TARGET, new BigInteger("10000000000000000")));
        InitiatedWithdrawal oversized = devnet.traffic().initiate(new WithdrawalRequest(freshAddress(random),
                new BigInteger("20000000000000000"), BigInteger.valueOf(16_000_000), new byte[0]));
        assertTrue(eligible.stream().map(InitiatedWithdrawal::l2BlockNumber).distinct().count() >= 9);
        Map<String, BigInteger> balancesBefore = new HashMap<>();
        for (InitiatedWithdrawal w : eligible) {
            balancesBefore.put(w.transaction().target(), balance(devnet, w.transaction().target()));
        }

        // 3. Wait until the service has finalized all of them (test clocks: well under a minute).
        awaitStatus(eligible, "FINALIZED", Duration.ofMinutes(4));

        // Exactly once in our own records too: no withdrawal done twice, every nonce used once.
        try (var connection = dataSource.getConnection()) {
            io.opwb.testing.ExactlyOnceChecks.assertHold(connection, eligible.stream().map(w -> w.transaction().hash()).toList(),
                    DevnetAccounts.service().getAddress(), devnet.l1().ethGetTransactionCount(DevnetAccounts.service().getAddress(),
                            DefaultBlockParameterName.LATEST).send().getTransactionCount(),
                    io.opwb.testing.DevnetTestResource.startedAt());
        }

        // 4. The chain's own state: every eligible withdrawal finalized, every target paid exactly.
        OptimismPortal2 portal = devnet.portalReader();
        for (InitiatedWithdrawal w : eligible) {
            WithdrawalTransaction tx = w.transaction();
            assertTrue(portal.finalizedWithdrawals(tx.hash()).send(), "finalized on L1: " + tx.hashHex());
            assertEquals(balancesBefore.get(tx.target()).add(tx.value()), balance(devnet, tx.target()),
                    "target paid: " + tx.target());
            JsonPath view = withdrawal(tx.hashHex());
            assertNotNull(view.getString("finalizeTxHash"), "finalized by one of our batches");
            assertEquals(view.getString("finalizeTxHash"), view.getString("finalization.l1TxHash"));
        }

        // The sender's own proof was used: our batcher never proved it.
        var ours = portal.provenWithdrawals(senderProven.transaction().hash(), batcher).send();
        assertEquals(BigInteger.ZERO, ours.component2(), "not proven by us");
        JsonPath senderView = withdrawal(senderProven.transaction().hashHex());
        assertEquals(DevnetAccounts.l2User().getAddress().toLowerCase(), senderView.getString("proofSubmitter"));
        assertNull(senderView.get("proveBatchId"));

        // The two that cannot succeed were skipped, with their reasons, and left alone on L1.
        JsonPath revertingView = withdrawal(reverting.transaction().hashHex());
        assertEquals("SKIPPED", revertingView.getString("status"));
        assertTrue(revertingView.getString("reason").contains("target would revert"), revertingView.getString("reason"));
        assertFalse(portal.finalizedWithdrawals(reverting.transaction().hash()).send());
        JsonPath oversizedView = withdrawal(oversized.transaction().hashHex());
        assertEquals("SKIPPED", oversizedView.getString("status"));
        assertTrue(oversizedView.getString("reason").startsWith("gas limit 16000000"), oversizedView.getString("reason"));
        assertEquals(BigInteger.ZERO, portal.provenWithdrawals(oversized.transaction().hash(), batcher).send().component2());

        // Every status agrees with the chain's own view of the withdrawal (checkWithdrawal, finalizedWithdrawals).
        List<InitiatedWithdrawal> everyOne = new ArrayList<>(eligible);
        everyOne.addAll(List.of(reverting, oversized));
        io.opwb.testing.ChainViews.assertStatusesAgree(devnet, everyOne);

        // No withdrawal proven twice by us: one WithdrawalProvenExtension1 naming our batcher per withdrawal.
        // (Other tests may share this devnet: count the events of this test's withdrawals only.)
        Set<String> thisTests = new HashSet<>();
        eligible.forEach(w -> thisTests.add(w.transaction().hashHex()));
        List<String> provenByUs = provenByBatcher(devnet, batcher).stream().filter(thisTests::contains).toList();
        assertEquals(new HashSet<>(provenByUs).size(), provenByUs.size(), "each proven once");
        assertEquals(eligible.size() - 1, provenByUs.size(), "all but the sender-proven one proven by us");

        // Batches no larger than configured, and several of each kind.
        JsonPath batches = given().queryParam("size", 500).get("/api/batches").then().statusCode(200).extract().jsonPath();
        List<Integer> sizes = batches.getList("items.itemCount");
        List<String> kinds = batches.getList("items.kind");
        assertTrue(sizes.stream().allMatch(n -> n >= 1 && n <= PipelineDevnetTestResource.MAX_ITEMS), sizes.toString());
        assertTrue(kinds.stream().filter("PROVE"::equals).count() >= 3, kinds.toString());
        assertTrue(kinds.contains("FINALIZE"), kinds.toString());
        logGas(batches);
        // Batches of ten or more cost less than one transaction per withdrawal would have.
        List<Map<String, Object>> all = batches.getList("items");
        List<Map<String, Object>> big = all.stream().filter(b -> ((Number) b.get("itemCount")).intValue() >= 10).toList();
        assertFalse(big.isEmpty());
        for (Map<String, Object> b : big) {
            assertNotNull(b.get("gasSaved"), "gas saved known for batch #" + b.get("id"));
            assertTrue(((Number) b.get("gasSaved")).longValue() > 0, "batch #" + b.get("id") + " saved gas: " + b);
        }

        // An operator batch's receipt: the L1 transactions and logs, checked against L1 by the verifier.
        String receipt = given().get("/api/withdrawals/" + eligible.get(3).transaction().hashHex() + "/receipt").then()
                .statusCode(200).extract().asString();
        assertEquals(List.of("PROVE", "FINALIZE"), JsonPath.from(receipt).getList("steps.action"));
        io.opwb.testing.ReceiptVerifier.Result verified = io.opwb.testing.ReceiptVerifier.verify(receipt,
                devnet.serviceConfig().get("opwb.chain.l1.rpc-url"));
        assertTrue(verified.verified(), verified.output());
        assertTrue(verified.output().contains("finalizedWithdrawals = true"), verified.output());

        // The L1 key never shows: not in the log of this whole run, not in the metrics.
        String key = DevnetAccounts.SERVICE_KEY.substring(2);
        String log = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("opwb.test.log", "target/quarkus-test.log")));
        assertTrue(log.contains("batch #"), "the log file is the one this run wrote");
        assertFalse(log.toLowerCase().contains(key), "the private key appears in the log");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.toLowerCase().contains(key), "the private key appears in the metrics");
        assertMetrics(eligible.size());
        assertSpans();
    }

    /** The run's figures on /q/metrics (the status counts refresh every second in tests). */
    private static void assertMetrics(int finalized) throws InterruptedException {
        String metrics = "";
        for (int i = 0; i < 10 && metricValue(metrics, "opwb_withdrawals{chain=\"l2\",status=\"FINALIZED\"}") < finalized; i++) {
            Thread.sleep(500);
            metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        }
        assertTrue(metricValue(metrics, "opwb_withdrawals{chain=\"l2\",status=\"FINALIZED\"}") >= finalized, "finalized count");
        assertTrue(metricValue(metrics, "opwb_withdrawals{chain=\"l2\",status=\"SKIPPED\"}") >= 2, "skipped count");
        assertTrue(metricValue(metrics, "opwb_batches{chain=\"l2\",kind=\"PROVE\",status=\"CONFIRMED\"}") >= 3, "prove batches");
        assertTrue(metricValue(metrics, "opwb_batch_size_count{chain=\"l2\",kind=\"FINALIZE\"}") >= 1, "finalize batch sizes");
        assertTrue(metricValue(metrics, "opwb_stage_latency_seconds_count{stage=\"proven_to_finalized\"}") >= 1,
                "proven-to-finalized latencies");
        assertTrue(metricValue(metrics, "opwb_stage_latency_seconds_count{stage=\"ready_to_submitted\"}") >= finalized,
                "ready-to-submitted latencies");
        assertTrue(metricValue(metrics, "opwb_indexer_lag_blocks{chain=\"l2\",indexer=\"l1-portal\"}") >= 0, "L1 lag");
        assertTrue(metricValue(metrics, "opwb_indexer_lag_blocks{chain=\"l2\",indexer=\"l2-withdrawals\"}") >= 0, "L2 lag");
        assertTrue(metricValue(metrics, "opwb_submitter_balance_wei") > 1e18, "signer balance");
        assertTrue(metricValue(metrics, "opwb_l1_gas_saved_total{chain=\"l2\",kind=\"PROVE\"}") > 0, "gas saved by prove batches");
        assertTrue(metricValue(metrics, "opwb_l1_gas_saved_total{chain=\"l2\",kind=\"FINALIZE\"}") > 0, "gas saved by finalize batches");
        assertTrue(metricValue(metrics, "opwb_l1_gas_per_withdrawal_count{chain=\"l2\",kind=\"FINALIZE\"}") >= 1, "gas per withdrawal");
        // Held, renewed every 5 s: read again for a few seconds should a renewal have run late on a loaded machine.
        for (int i = 0; i < 10 && metricValue(metrics, "opwb_worker_lease_held") != 1.0; i++) {
            Thread.sleep(1000);
            metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        }
        assertEquals(1.0, metricValue(metrics, "opwb_worker_lease_held"), "this replica holds the lease");
        assertTrue(metricValue(metrics, "opwb_rpc_calls_total{chain=\"l1\",method=\"eth_sendRawTransaction\"}") >= 4,
                "RPC calls by method");
        assertTrue(metricValue(metrics, "opwb_rpc_calls_total{chain=\"l2\",method=\"eth_getLogs\"}") >= 1,
                "L2 RPC calls by method");
        assertTrue(metricValue(metrics, "opwb_rpc_errors_total{chain=\"l1\",kind=\"REVERTED\",method=\"eth_call\"}") >= 1,
                "the reverting target's simulation, counted as an RPC error of its kind");
        assertScannedMetricsMatch(metrics);
    }

    /**
     * Every opwb_ series of this run, with its labels, is one that ExportedMetrics finds where the code
     * registers it: the dashboard and the alerts are checked against that scan (DeployManifestsTest), and
     * this holds the scan to a real scrape.
     */
    private static void assertScannedMetricsMatch(String metrics) {
        Map<String, io.opwb.deploy.ExportedMetrics.Metric> scanned;
        try {
            scanned = io.opwb.deploy.ExportedMetrics.of(java.nio.file.Path.of(System.getProperty("opwb.project.dir", "."), "src/main/java"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^(opwb_[a-z0-9_]+)(?:\\{([^}]*)\\})? .*");
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("([a-z_]+)=\"");
        List<String> unknown = new ArrayList<>();
        int seen = 0;
        for (String l : metrics.split("\n")) {
            java.util.regex.Matcher m = line.matcher(l);
            if (!m.matches()) {
                continue;
            }
            seen++;
            var metric = scanned.values().stream().filter(s -> s.series().contains(m.group(1))).findFirst();
            Set<String> labels = new HashSet<>();
            java.util.regex.Matcher k = label.matcher(m.group(2) == null ? "" : m.group(2));
            while (k.find()) {
                labels.add(k.group(1));
            }
            labels.remove("le");
            if (metric.isEmpty() || !metric.get().labels().containsAll(labels)
                    || metric.get().labels().contains("chain") != labels.contains("chain")) {
                unknown.add(l + " (scanned: " + metric.orElse(null) + ")");
            }
        }
        assertTrue(seen > 50, "opwb_ series read from the scrape: " + seen);
        assertEquals(List.of(), unknown, "series the scan of the registrations does not know as they are");
    }

    /** The pipeline's stages as spans: each batch's submission with its id, inside a scheduled cycle's trace. */
    private void assertSpans() {
        var finished = spans.getFinishedSpanItems();
        Map<String, Long> byName = new HashMap<>();
        finished.forEach(s -> byName.merge(s.getName(), 1L, Long::sum));
        for (String name : List.of("index", "games.refresh", "receipts.follow", "batch.build.prove", "batch.build.finalize",
                "simulate.prove", "simulate.finalize", "simulate.target-call", "batch.submit")) {
            assertTrue(byName.getOrDefault(name, 0L) > 0, "spans named " + name + " in " + byName);
        }
        var submits = finished.stream().filter(s -> s.getName().equals("batch.submit")).toList();
        assertTrue(submits.stream().allMatch(s -> s.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.longKey("opwb.batch.id")) != null), "batch ids on submissions");
        var traceIds = new HashSet<String>();
        finished.stream().filter(s -> !s.getParentSpanContext().isValid()).forEach(s -> traceIds.add(s.getTraceId()));
        assertTrue(submits.stream().allMatch(s -> s.getParentSpanContext().isValid() && traceIds.contains(s.getTraceId())),
                "each submission belongs to a cycle's trace");
        // RPC calls: a span each, by chain, method and outcome; a batch's transaction sent in its submission's trace.
        var chain = io.opentelemetry.api.common.AttributeKey.stringKey("opwb.chain");
        var outcome = io.opentelemetry.api.common.AttributeKey.stringKey("opwb.rpc.outcome");
        var submitTraces = new HashSet<String>();
        submits.forEach(s -> submitTraces.add(s.getTraceId()));
        assertTrue(finished.stream().anyMatch(s -> s.getName().equals("eth_sendRawTransaction") && "l1".equals(
                s.getAttributes().get(chain)) && "ok".equals(s.getAttributes().get(outcome))
                && submitTraces.contains(s.getTraceId())), "a sent transaction's RPC span in its submission's trace");
        assertTrue(finished.stream().anyMatch(s -> s.getName().equals("eth_call") && "REVERTED".equals(
                s.getAttributes().get(outcome))), "the reverting target's simulation, a failed RPC span of its kind");
    }

    /** The value of one exposition line starting with {@code series}; -1 when absent. */
    private static double metricValue(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                // the value, then possibly an exemplar ("# {trace_id=…} …") now that tracing is on
                return Double.parseDouble(line.substring(series.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** Proves it from its sender's account; returns the solo gas the service would measure and the real gas used. */
    private static long[] proveAsSender(Devnet devnet, InitiatedWithdrawal w, Simulator simulator,
            io.opwb.chain.PortalContracts contracts) throws Exception {
        Proposer.ProposedGame game = devnet.proposer().propose(w.l2BlockNumber());
        awaitNextL1Block(devnet);
        var credentials = DevnetAccounts.l2User();
        var tm = new RawTransactionManager(devnet.l1(), credentials, DevnetOptions.L1_CHAIN_ID,
                new PollingTransactionReceiptProcessor(devnet.l1(), 100, 300));
        var gas = new StaticEIP1559GasProvider(DevnetOptions.L1_CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(1_000_000));
        OptimismPortal2 portal = OptimismPortal2.load(devnet.deployment().optimismPortal(), devnet.l1(), tm, gas);
        WithdrawalTransaction tx = w.transaction();
        var proof = new StorageProofs(devnet.l2()).at(game.l2BlockNumber(), List.of(tx.storageSlot()));
        List<byte[]> nodes = proof.forSlot(tx.storageSlot()).nodes();
        Long solo = simulator.soloProveGas(contracts, tx, game.index(), game.outputRoot(), nodes);
        assertNotNull(solo, "the node measures a call's gas (eth_createAccessList)");
        var receipt = portal.proveWithdrawalTransaction(tx.toPortalStruct(), game.index(),
                game.outputRoot().toProofStruct(), nodes).send();
        return new long[] {solo, receipt.getGasUsed().longValueExact()};
    }

    private static void awaitNextL1Block(Devnet devnet) throws Exception {
        BigInteger start = devnet.l1().ethBlockNumber().send().getBlockNumber();
        while (devnet.l1().ethBlockNumber().send().getBlockNumber().compareTo(start) <= 0) {
            Thread.sleep(200);
        }
    }

    private static JsonPath withdrawal(String hash) {
        return given().get("/api/withdrawals/" + hash).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> provenByBatcher(Devnet devnet, String batcher) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST,
                devnet.deployment().optimismPortal());
        filter.addSingleTopic(EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVENEXTENSION1_EVENT));
        filter.addNullTopic();
        filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(batcher)));
        List<String> hashes = new ArrayList<>();
        for (EthLog.LogResult<?> r : devnet.l1().ethGetLogs(filter).send().getLogs()) {
            hashes.add(((Log) r.get()).getTopics().get(1));
        }
        return hashes;
    }

    private static void logGas(JsonPath batches) {
        List<Map<String, Object>> items = batches.getList("items");
        for (Map<String, Object> b : items) {
            System.out.printf("batch #%s %-8s %3s withdrawals  gas used %,d  = %,d per withdrawal, saved %s%n", b.get("id"),
                    b.get("kind"), b.get("itemCount"), ((Number) b.get("gasUsed")).longValue(),
                    ((Number) b.get("gasPerWithdrawal")).longValue(), b.get("gasSaved"));
        }
    }

    private static BigInteger balance(Devnet devnet, String address) throws Exception {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private static String freshAddress(SplittableRandom random) {
        return TrafficGenerator.randomRequests(1, random).get(0).target();
    }
}
