package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.testing.FaultyRpcDevnetTestResource;
import io.opwb.testing.FaultyRpcProxy;
import io.opwb.testing.FaultyRpcProxy.Fault;
import io.opwb.testing.PipelineDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The pipeline end to end with every RPC call of the service through proxies that fail a fifth of
 * them (429, 503, dropped, timed out after the node did the work) and slow others, and that lose
 * the answers to the first two transactions sent (the node has them; the retry sends them again):
 * the run ends as a normal one does. Asserted on the chain: every withdrawal finalized on the
 * portal, every target paid, exactly one proof of ours per withdrawal. A tenth of the simulations
 * (eth_call, eth_createAccessList) and storage proofs are answered with a node's own error ("header
 * not found", "request timed out"): none of them uses an attempt of any withdrawal.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(FaultyRpcDevnetTestResource.class)
class PipelineThroughFaultyRpcTest {

    @jakarta.inject.Inject
    io.opwb.storage.Tx tx;

    @Test
    void everyWithdrawalIsFinalizedOnceDespiteRpcFaults() throws Exception {
        long started = System.nanoTime();
        Devnet devnet = PipelineDevnetTestResource.devnet();
        OptimismPortal2 portal = devnet.portalReader();
        SplittableRandom random = new SplittableRandom(5);
        List<InitiatedWithdrawal> withdrawals = new ArrayList<>();
        for (int block = 0; block < 3; block++) {
            withdrawals.addAll(devnet.traffic().initiateInOneBlock(TrafficGenerator.randomRequests(12, random)));
        }
        Map<String, BigInteger> expected = new HashMap<>(); // target -> balance once paid (targets may repeat)
        for (InitiatedWithdrawal w : withdrawals) {
            String target = w.transaction().target();
            BigInteger before = expected.containsKey(target) ? expected.get(target)
                    : devnet.l1().ethGetBalance(target, DefaultBlockParameterName.LATEST).send().getBalance();
            expected.put(target, before.add(w.transaction().value()));
        }

        // The chain's own state, polled directly (not through the proxies): finalized on the portal.
        List<InitiatedWithdrawal> pending = new ArrayList<>(withdrawals);
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            List<InitiatedWithdrawal> still = new ArrayList<>();
            for (InitiatedWithdrawal w : pending) {
                if (!portal.finalizedWithdrawals(w.transaction().hash()).send()) {
                    still.add(w);
                }
            }
            pending = still;
        }
        assertTrue(pending.isEmpty(), pending.size() + " of " + withdrawals.size() + " not finalized, e.g. "
                + (pending.isEmpty() ? "" : pending.get(0).transaction().hashHex()));
        for (Map.Entry<String, BigInteger> paid : expected.entrySet()) {
            assertEquals(paid.getValue(), devnet.l1().ethGetBalance(paid.getKey(), DefaultBlockParameterName.LATEST).send()
                    .getBalance(), "target paid: " + paid.getKey());
        }

        // Exactly one WithdrawalProvenExtension1 naming our batcher per withdrawal: retried sends never proved twice.
        Map<String, Long> proofs = proofsBy(devnet, devnet.deployment().withdrawalBatcher());
        for (InitiatedWithdrawal w : withdrawals) {
            assertEquals(1L, proofs.getOrDefault(w.transaction().hashHex(), 0L), "proofs of ours: " + w.transaction().hashHex());
        }

        // A node's error decides nothing: no withdrawal skipped, no attempt used by one.
        for (InitiatedWithdrawal w : withdrawals) {
            var row = tx.read(() -> io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.find(
                    io.opwb.storage.WithdrawalEntity.class, io.opwb.testing.TestWithdrawals.key(w.transaction().hash()))));
            assertEquals(List.of(0, 0), List.of(row.proveFailures, row.finalizeFailures), "attempts used: " + row.statusReason);
        }

        FaultyRpcProxy l1 = FaultyRpcDevnetTestResource.l1Proxy();
        FaultyRpcProxy l2 = FaultyRpcDevnetTestResource.l2Proxy();
        System.out.printf("%d withdrawals finalized in %d s through faulty RPC: L1 %s; L2 %s%n", withdrawals.size(),
                (System.nanoTime() - started) / 1_000_000_000, l1, l2);
        assertTrue(l1.faults() > 0 && l2.faults() > 0, "faults injected on both chains");
        for (Fault kind : Fault.values()) {
            assertTrue(l1.faults(kind) + l2.faults(kind) > 0, "injected " + kind);
        }
    }

    private static Map<String, Long> proofsBy(Devnet devnet, String batcher) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST,
                devnet.deployment().optimismPortal());
        filter.addSingleTopic(EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVENEXTENSION1_EVENT));
        filter.addNullTopic(); // any withdrawal hash
        filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(batcher)));
        return devnet.l1().ethGetLogs(filter).send().getLogs().stream()
                .map(r -> ((Log) r.get()).getTopics().get(1))
                .collect(Collectors.groupingBy(h -> h, Collectors.counting()));
    }
}
