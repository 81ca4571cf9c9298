package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.chain.CallOutcome;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.merkle.CalldataSize;
import io.opwb.merkle.GasModel;

/** The prove batch's choices, with the chain's answers made up: no chain, no database. */
class ProvePlannerTest {

    private static final long BLOCK = 77;
    /** Two nodes every proof shares (the trie's top), and one of its own. */
    private static final byte[] ROOT = filled(532, 1);
    private static final byte[] BRANCH = filled(532, 2);

    /** Answers by withdrawal nonce; anything not set passes, with a solo gas of 1,000 + the nonce. */
    static final class FakeChain implements ProvePlanner.Checks {
        final Map<BigInteger, CallOutcome> target = new HashMap<>();
        final Map<BigInteger, CallOutcome> prove = new HashMap<>();
        final List<BigInteger> soloAsked = new ArrayList<>();

        @Override
        public CallOutcome targetCall(WithdrawalTransaction tx) {
            return target.getOrDefault(tx.nonce(), CallOutcome.PASSED);
        }

        @Override
        public CallOutcome prove(WithdrawalTransaction tx, List<byte[]> proof) {
            return prove.getOrDefault(tx.nonce(), CallOutcome.PASSED);
        }

        @Override
        public Long soloGas(WithdrawalTransaction tx, List<byte[]> proof) {
            soloAsked.add(tx.nonce());
            return 1_000 + tx.nonce().longValueExact();
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static WithdrawalTransaction tx(long nonce) {
        return new WithdrawalTransaction(BigInteger.valueOf(nonce), "0x00000000000000000000000000000000000000b1",
                "0x00000000000000000000000000000000000000c1", BigInteger.TEN, BigInteger.valueOf(100_000), new byte[0]);
    }

    private static List<byte[]> proof(long nonce) {
        return List.of(ROOT, BRANCH, filled(100, (int) (10 + nonce)));
    }

    private static List<ProvePlanner.Candidate<Long>> candidates(long... nonces) {
        List<ProvePlanner.Candidate<Long>> list = new ArrayList<>();
        for (long n : nonces) {
            list.add(new ProvePlanner.Candidate<>(n, tx(n), proof(n)));
        }
        return list;
    }

    private static byte[] hash(long nonce) {
        return Numeric.hexStringToByteArray(tx(nonce).hashHex());
    }

    @Test
    void itemsThatPassAreTakenInOrderWithSharedNodesOnce() throws Exception {
        FakeChain chain = new FakeChain();
        var plan = new ProvePlanner(new BatchLimits(Long.MAX_VALUE / 4, Integer.MAX_VALUE, true)).plan(candidates(1, 2, 3),
                CalldataSize.PROVE_BATCH_BASE, chain, BLOCK);
        assertEquals(List.of(1L, 2L, 3L), plan.included());
        assertEquals(3, plan.items().size());
        assertEquals(5, plan.nodes().nodes().size(), "the two shared nodes once, and one node of each proof");
        assertEquals(GasModel.BATCH_BASE_GAS + 3 * GasModel.proveItem(3, 0), plan.gas());
        assertEquals(List.of(1_001L, 1_002L, 1_003L), plan.soloGas());
        assertTrue(plan.leftOut().isEmpty());
    }

    @Test
    void aFailingTargetARefusedProofAndANodeErrorAreLeftOutEachWithItsKind() throws Exception {
        FakeChain chain = new FakeChain();
        chain.target.put(BigInteger.ONE, new CallOutcome.Failed("target reverts", "0x"));
        chain.prove.put(BigInteger.TWO, new CallOutcome.Failed("OptimismPortal: invalid withdrawal inclusion proof", null));
        chain.prove.put(BigInteger.valueOf(3), new CallOutcome.NoVerdict("request timed out"));
        var plan = new ProvePlanner(new BatchLimits(Long.MAX_VALUE / 4, Integer.MAX_VALUE, true)).plan(candidates(1, 2, 3, 4),
                CalldataSize.PROVE_BATCH_BASE, chain, BLOCK);
        assertEquals(List.of(4L), plan.included());
        assertEquals(LeftOut.Why.TARGET_FAILS, plan.leftOut().of(hash(1)).why());
        assertEquals(LeftOut.Why.FAILED, plan.leftOut().of(hash(2)).why());
        assertEquals(LeftOut.Why.NO_VERDICT, plan.leftOut().of(hash(3)).why());
        assertEquals(List.of(BigInteger.valueOf(4)), chain.soloAsked, "solo gas is measured for included items only");
    }

    @Test
    void aPausedPortalStopsThePlan() {
        FakeChain chain = new FakeChain();
        chain.prove.put(BigInteger.ONE, new CallOutcome.Failed("CallPaused()", null));
        assertThrows(LeftOut.PortalPaused.class, () -> new ProvePlanner(new BatchLimits(Long.MAX_VALUE / 4, Integer.MAX_VALUE, true))
                .plan(candidates(1, 2), CalldataSize.PROVE_BATCH_BASE, chain, BLOCK));
    }

    @Test
    void theCalldataLimitCountsOnlyTheNodesABatchDoesNotHoldYet() throws Exception {
        FakeChain chain = new FakeChain();
        int first = CalldataSize.proveItem(3, 0) + CalldataSize.node(532) * 2 + CalldataSize.node(100);
        int next = CalldataSize.proveItem(3, 0) + CalldataSize.node(100); // the shared nodes are held already
        int limit = CalldataSize.PROVE_BATCH_BASE + first + next;
        var plan = new ProvePlanner(new BatchLimits(Long.MAX_VALUE / 4, limit, true)).plan(candidates(1, 2, 3),
                CalldataSize.PROVE_BATCH_BASE, chain, BLOCK);
        assertEquals(List.of(1L, 2L), plan.included());
        assertNull(plan.leftOut().of(hash(3)), "not left out: simply for the next batch");
        var larger = new ProvePlanner(new BatchLimits(Long.MAX_VALUE / 4, limit, true)).plan(candidates(1, 2, 3),
                CalldataSize.PROVE_BATCH_BASE + 1, chain, BLOCK);
        assertEquals(List.of(1L), larger.included(), "a super-root game's larger base leaves room for fewer");
    }

    @Test
    void theGasBudgetEndsTheBatchUnlessItIsAManifest() throws Exception {
        FakeChain chain = new FakeChain();
        long budget = GasModel.BATCH_BASE_GAS + 2 * GasModel.proveItem(3, 0);
        assertEquals(List.of(1L, 2L), new ProvePlanner(new BatchLimits(budget, Integer.MAX_VALUE, true))
                .plan(candidates(1, 2, 3), CalldataSize.PROVE_BATCH_BASE, chain, BLOCK).included());
        assertEquals(List.of(1L, 2L, 3L), new ProvePlanner(new BatchLimits(budget, 1, false))
                .plan(candidates(1, 2, 3), CalldataSize.PROVE_BATCH_BASE, chain, BLOCK).included());
    }
}
