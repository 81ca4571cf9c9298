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
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import io.opwb.chain.CallOutcome;
import io.opwb.chain.Predeploys;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.merkle.GasModel;

/** The finalize batch's choices, with the chain's answers made up: no chain, no database. */
class FinalizePlannerTest {

    private static final long BLOCK = 1_234;
    private static final String SUBMITTER = "0x00000000000000000000000000000000000000aa";
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(100_000);
    private static final long ITEM_GAS = GasModel.finalizeItem(GAS_LIMIT, 0);

    /** Answers by withdrawal nonce; anything not set passes, with no solo gas known. */
    static final class FakeChain implements FinalizePlanner.Checks {
        final Map<BigInteger, CallOutcome> target = new HashMap<>();
        final Map<BigInteger, CallOutcome> finalize = new HashMap<>();
        final Map<BigInteger, Long> solo = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public CallOutcome targetCall(WithdrawalTransaction tx) {
            asked.add("target " + tx.nonce());
            return target.getOrDefault(tx.nonce(), CallOutcome.PASSED);
        }

        @Override
        public CallOutcome finalize(WithdrawalTransaction tx, String proofSubmitter) {
            asked.add("finalize " + tx.nonce() + " " + proofSubmitter);
            return finalize.getOrDefault(tx.nonce(), CallOutcome.PASSED);
        }

        @Override
        public Long soloGas(WithdrawalTransaction tx, String proofSubmitter) {
            return solo.get(tx.nonce());
        }
    }

    private static WithdrawalTransaction direct(long nonce) {
        return new WithdrawalTransaction(BigInteger.valueOf(nonce), "0x00000000000000000000000000000000000000b1",
                "0x00000000000000000000000000000000000000c1", BigInteger.TEN, GAS_LIMIT, new byte[0]);
    }

    private static WithdrawalTransaction message(long nonce) {
        byte[] data = Numeric.hexStringToByteArray(
                Hash.sha3String("relayMessage(uint256,address,address,uint256,uint256,bytes)").substring(0, 10));
        return new WithdrawalTransaction(BigInteger.valueOf(nonce), Predeploys.L2_CROSS_DOMAIN_MESSENGER,
                "0x00000000000000000000000000000000000000c2", BigInteger.ZERO, GAS_LIMIT, data);
    }

    private static List<FinalizePlanner.Candidate<Long>> candidates(WithdrawalTransaction... txs) {
        List<FinalizePlanner.Candidate<Long>> list = new ArrayList<>();
        for (WithdrawalTransaction tx : txs) {
            list.add(new FinalizePlanner.Candidate<>(tx.nonce().longValueExact(), tx, SUBMITTER));
        }
        return list;
    }

    private static FinalizePlanner unbounded() {
        return new FinalizePlanner(new BatchLimits(Long.MAX_VALUE / 4, Integer.MAX_VALUE, true));
    }

    @Test
    void everyItemThatPassesIsTakenInOrderWithItsSubmitter() throws Exception {
        FakeChain chain = new FakeChain();
        var plan = unbounded().plan(candidates(direct(1), direct(2), direct(3)), chain, BLOCK);
        assertEquals(List.of(1L, 2L, 3L), plan.included());
        assertEquals(List.of(SUBMITTER, SUBMITTER, SUBMITTER), plan.submitters());
        assertEquals(3, plan.items().size());
        assertEquals(GasModel.BATCH_BASE_GAS + 3 * ITEM_GAS, plan.gas());
        assertTrue(plan.leftOut().isEmpty());
        assertEquals("target 1", chain.asked.get(0), "the target call is asked before the finalization");
    }

    @Test
    void aFailingTargetIsLeftOutAsSuchAndItsFinalizationIsNotAsked() throws Exception {
        FakeChain chain = new FakeChain();
        chain.target.put(BigInteger.TWO, new CallOutcome.Failed("target reverts", "0x"));
        var plan = unbounded().plan(candidates(direct(1), direct(2)), chain, BLOCK);
        assertEquals(List.of(1L), plan.included());
        LeftOut.Entry entry = plan.leftOut().of(Numeric.hexStringToByteArray(direct(2).hashHex()));
        assertEquals(LeftOut.Why.TARGET_FAILS, entry.why());
        assertEquals("target reverts", entry.reason());
        assertTrue(chain.asked.stream().noneMatch(a -> a.startsWith("finalize 2")), chain.asked.toString());
        assertEquals(BLOCK, plan.leftOut().block());
    }

    @Test
    void aRefusedFinalizationUsesAnAttemptAndANodeErrorNothing() throws Exception {
        FakeChain chain = new FakeChain();
        chain.finalize.put(BigInteger.ONE, new CallOutcome.Failed("OptimismPortal: proof not matured", null));
        chain.finalize.put(BigInteger.TWO, new CallOutcome.NoVerdict("header not found"));
        var plan = unbounded().plan(candidates(direct(1), direct(2), direct(3)), chain, BLOCK);
        assertEquals(List.of(3L), plan.included());
        assertEquals(LeftOut.Why.FAILED, plan.leftOut().of(Numeric.hexStringToByteArray(direct(1).hashHex())).why());
        assertEquals(LeftOut.Why.NO_VERDICT, plan.leftOut().of(Numeric.hexStringToByteArray(direct(2).hashHex())).why());
    }

    @Test
    void aPausedPortalStopsThePlanWithoutChargingAnyItem() {
        FakeChain chain = new FakeChain();
        chain.finalize.put(BigInteger.TWO, new CallOutcome.Failed("CallPaused()", null));
        assertThrows(LeftOut.PortalPaused.class, () -> unbounded().plan(candidates(direct(1), direct(2)), chain, BLOCK));
    }

    @Test
    void aTargetRevertingWithThePauseErrorIsOnlyThatWithdrawalsFailure() throws Exception {
        FakeChain chain = new FakeChain();
        chain.target.put(BigInteger.ONE, new CallOutcome.Failed("CallPaused()", null));
        var plan = unbounded().plan(candidates(direct(1), direct(2)), chain, BLOCK);
        assertEquals(List.of(2L), plan.included());
        assertEquals(LeftOut.Why.TARGET_FAILS, plan.leftOut().of(Numeric.hexStringToByteArray(direct(1).hashHex())).why());
    }

    @Test
    void aDirectTargetThatTakesAllTheGasItIsGivenIsLeftOutButAMessageIsNot() throws Exception {
        FakeChain chain = new FakeChain();
        long tooMuch = ITEM_GAS + FinalizePlanner.SOLO_GAS_SLACK + 1;
        chain.solo.put(BigInteger.ONE, tooMuch);
        chain.solo.put(BigInteger.TWO, tooMuch);
        chain.solo.put(BigInteger.valueOf(3), ITEM_GAS + FinalizePlanner.SOLO_GAS_SLACK); // at the slack: fine
        var plan = unbounded().plan(candidates(direct(1), message(2), direct(3)), chain, BLOCK);
        assertEquals(List.of(2L, 3L), plan.included());
        LeftOut.Entry entry = plan.leftOut().of(Numeric.hexStringToByteArray(direct(1).hashHex()));
        assertEquals(LeftOut.Why.TARGET_FAILS, entry.why());
        assertTrue(entry.reason().contains("takes all the gas it is given"), entry.reason());
        assertEquals(java.util.Arrays.asList(tooMuch, ITEM_GAS + FinalizePlanner.SOLO_GAS_SLACK), plan.soloGas());
    }

    @Test
    void theGasBudgetEndsTheBatchAndLeavesTheRestForTheNext() throws Exception {
        FakeChain chain = new FakeChain();
        long budget = GasModel.BATCH_BASE_GAS + 2 * ITEM_GAS;
        var plan = new FinalizePlanner(new BatchLimits(budget, Integer.MAX_VALUE, true)).plan(candidates(direct(1), direct(2), direct(3)),
                chain, BLOCK);
        assertEquals(List.of(1L, 2L), plan.included());
        assertEquals(budget, plan.gas());
        assertNull(plan.leftOut().of(Numeric.hexStringToByteArray(direct(3).hashHex())),
                "not left out: simply for the next batch");
    }

    @Test
    void theCalldataLimitEndsTheBatchButNeverLeavesItEmpty() throws Exception {
        FakeChain chain = new FakeChain();
        var plan = new FinalizePlanner(new BatchLimits(Long.MAX_VALUE / 4, 1, true)).plan(candidates(direct(1), direct(2)), chain, BLOCK);
        assertEquals(List.of(1L), plan.included());
    }

    @Test
    void aManifestIsBoundByNeitherLimit() throws Exception {
        FakeChain chain = new FakeChain();
        var plan = new FinalizePlanner(new BatchLimits(GasModel.BATCH_BASE_GAS, 1, false)).plan(candidates(direct(1), direct(2), direct(3)),
                chain, BLOCK);
        assertEquals(List.of(1L, 2L, 3L), plan.included());
    }
}
