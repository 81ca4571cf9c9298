package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;
import io.opwb.devnet.WithdrawalRequest;

/**
 * Where our batcher's own execution goes, opcode by opcode: a prove batch and a finalize batch of
 * {@value #N} on the devnet, traced ({@code debug_traceTransaction}, struct logs), the gas of the
 * batcher's own frame summed by opcode; a call's line includes what its callee used. Prints a table;
 * asserts only that the trace was read. Run with
 * {@code ./mvnw test -Pbenchmark -Dtest=OwnExecutionProfile -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class OwnExecutionProfile extends DevnetContractTest {

    static final int N = 10;

    @Test
    void profile() throws Exception {
        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            requests.add(WithdrawalRequest.eth(String.format("0x%040x", 0x9f0000L + i), BigInteger.valueOf(1_000_000L)));
        }
        List<WithdrawalTransaction> txs = devnet.traffic().initiateInOneBlock(requests).stream()
                .map(InitiatedWithdrawal::transaction).toList();
        BigInteger l2Block = devnet.l2().ethBlockNumber().send().getBlockNumber();
        Proposer.ProposedGame game = fx.propose(l2Block);
        var batch = fx.proveBatchFor(game.l2BlockNumber(), txs);
        String proveCall = fx.batcherAs(DevnetAccounts.service()).proveBatch(game.index(),
                WithdrawalBatcherFixture.toBatcherStruct(game.outputRoot()), batch.nodes(), batch.items()).encodeFunctionCall();
        System.out.println(table("prove", proveCall));
        TransactionReceipt prove = fx.proveBatch(game, batch);
        assertTrue(prove.isStatusOK());
        fx.resolveAndMature(game);
        List<WithdrawalBatcher.FinalizeItem> items = txs.stream()
                .map(tx -> WithdrawalBatcherFixture.finalizeItem(tx, fx.batcherAddress())).toList();
        System.out.println(table("finalize", fx.batcherAs(DevnetAccounts.service()).finalizeBatch(items).encodeFunctionCall()));
    }

    @SuppressWarnings("unchecked")
    private String table(String what, String calldata) throws Exception {
        Map<String, Object> call = Map.of("from", DevnetAccounts.service().getAddress(), "to", fx.batcherAddress(),
                "data", calldata, "gas", "0xe4e1c0");
        Request<?, Trace> request = new Request<>("debug_traceCall", List.of(call, "latest",
                Map.of("disableStack", true, "disableMemory", true, "disableStorage", true)),
                new HttpService(devnet.l1RpcUrl()), Trace.class);
        Trace trace = request.send();
        assertTrue(!trace.hasError(), () -> trace.getError().getMessage());
        List<Map<String, Object>> steps = (List<Map<String, Object>>) trace.getResult().get("structLogs");
        
        int top = steps.stream().mapToInt(st -> ((Number) st.get("depth")).intValue()).min().orElse(1);
        Map<String, long[]> byOp = new TreeMap<>();
        long total = 0;
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            if (((Number) step.get("depth")).intValue() != top) {
                continue;
            }
            String op = (String) step.get("op");
            long gas = ((Number) step.get("gas")).longValue();
            long cost = ((Number) step.get("gasCost")).longValue();
            if (op.endsWith("CALL")) { // the struct log's cost of a call includes the gas it forwards
                int j = i + 1;
                while (j < steps.size() && ((Number) steps.get(j).get("depth")).intValue() != top) {
                    j++;
                }
                cost = j < steps.size() ? gas - ((Number) steps.get(j).get("gas")).longValue() : cost;
            }
            long[] slot = byOp.computeIfAbsent(op, k -> new long[2]);
            slot[0] += cost;
            slot[1]++;
            total += cost;
        }
        // The refund counter (geth's struct logs carry it as "refund") at the last step: storage restored
        // within the transaction (the portal's l2Sender, set and reset per finalize) earns it back.
        Object refund = steps.isEmpty() ? null : steps.get(steps.size() - 1).get("refund");
        long calls = byOp.getOrDefault("CALL", new long[2])[0];
        StringBuilder out = new StringBuilder(String.format("%n%s batch of %d: gas %s; the batcher's frame %,d "
                + "(per item %,d); without its CALLs (the portal's work) %,d (per item %,d); refund counter at the end "
                + "%s%n| opcode | gas | per item | count |%n|---|---:|---:|---:|%n", what, N,
                trace.getResult().get("gas"), total, total / N, total - calls, (total - calls) / N, refund));
        byOp.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.append(String.format("| %s | %,d | %,d | %d |%n", e.getKey(), e.getValue()[0],
                        e.getValue()[0] / N, e.getValue()[1])));
        return out.toString();
    }

    /** Struct logs. */
    public static class Trace extends Response<Map<String, Object>> {
    }
}
