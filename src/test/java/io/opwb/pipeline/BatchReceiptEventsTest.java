package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.WithdrawalBatcher;

/** A target runs inside our finalize and can emit any event: only our batcher's and the portal's count. */
class BatchReceiptEventsTest {

    private static final String BATCHER = "0x00000000000000000000000000000000000000b1";
    private static final String PORTAL = "0x00000000000000000000000000000000000000f0";
    private static final String HOSTILE = "0x00000000000000000000000000000000000000e7";
    private static final String OURS = hash(1);
    private static final String VICTIM = hash(2);

    @Test
    void onlyOurBatchersItemResultsAndThePortalsFinalizationsCount() {
        List<Log> logs = new ArrayList<>();
        // the hostile target, during our finalize: an outcome that does not exist, and a victim "finalized" with a failed call
        logs.add(itemResult(HOSTILE, VICTIM, 7, ""));
        logs.add(finalized(HOSTILE, VICTIM, false));
        // what our batcher and the portal really said
        logs.add(finalized(PORTAL, OURS, true));
        logs.add(itemResult(BATCHER, OURS, 0, ""));
        BatchReceiptEvents events = BatchReceiptEvents.read(receipt(logs), false, BATCHER, PORTAL);

        assertEquals(io.opwb.storage.ItemOutcome.DONE, events.outcomes.get(OURS).outcome());
        assertFalse(events.outcomes.containsKey(VICTIM), "a look-alike item result from the target is ignored");
        assertEquals(Boolean.TRUE, events.targetCallSucceeded.get(OURS));
        assertFalse(events.targetCallSucceeded.containsKey(VICTIM), "a look-alike WithdrawalFinalized is ignored");
        assertEquals(2, events.ignored.size(), events.ignored.toString());
    }

    @Test
    void anImpossibleOutcomeOrAnUndecodableLogIsDataNotAnException() {
        List<Log> logs = new ArrayList<>();
        logs.add(itemResult(BATCHER, OURS, 200, ""));
        Log truncated = itemResult(BATCHER, VICTIM, 0, "");
        truncated.setData("0x0102");
        logs.add(truncated);
        Log noTopics = new Log();
        noTopics.setAddress(BATCHER);
        noTopics.setData("0x");
        logs.add(noTopics);
        BatchReceiptEvents events = BatchReceiptEvents.read(receipt(logs), false, BATCHER, PORTAL);

        assertEquals(io.opwb.storage.ItemOutcome.FAILED, events.outcomes.get(OURS).outcome());
        assertTrue(events.outcomes.get(OURS).reason().contains("outcome 200 that does not exist"));
        assertFalse(events.outcomes.containsKey(VICTIM));
        assertTrue(events.ignored.get(0).startsWith("an undecodable FinalizeItemResult"), events.ignored.toString());
    }

    @Test
    void aMalformedRevertReasonInAnItemResultIsDescribedNotThrown() {
        String malformed = "0x08c379a0" + "00".repeat(31) + "20" + "00".repeat(28) + "000f4240";
        BatchReceiptEvents events = BatchReceiptEvents.read(receipt(List.of(itemResult(BATCHER, OURS, 2, malformed))),
                false, BATCHER, PORTAL);
        assertEquals(io.opwb.storage.ItemOutcome.FAILED, events.outcomes.get(OURS).outcome());
        assertTrue(events.outcomes.get(OURS).reason().startsWith("reverted with a malformed Error(string)"),
                events.outcomes.get(OURS).reason());
    }

    @Test
    void proveReceiptsReadProveResultsOnly() {
        Log prove = new Log();
        prove.setAddress(BATCHER);
        prove.setTopics(List.of(EventEncoder.encode(WithdrawalBatcher.PROVEITEMRESULT_EVENT), OURS));
        prove.setData(FunctionEncoder.encodeConstructor(List.of(new Uint8(1), new DynamicBytes(new byte[0]))));
        prove.setLogIndex("0x3");
        BatchReceiptEvents events = BatchReceiptEvents.read(receipt(List.of(prove, itemResult(BATCHER, VICTIM, 0, ""))),
                true, BATCHER, PORTAL);
        assertEquals(io.opwb.storage.ItemOutcome.ALREADY_DONE, events.outcomes.get(OURS).outcome());
        assertEquals(3L, events.outcomes.get(OURS).logIndex());
        assertNull(events.outcomes.get(VICTIM), "a finalize result does not count in a prove batch");
    }

    @Test
    void anItemDoneIsKnownByThePortalsEventAloneAndItWinsOverALaterSkip() {
        String skipped = hash(3);
        String missing = hash(4);
        Log proven = new Log();
        proven.setAddress(PORTAL);
        proven.setTopics(List.of(EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVEN_EVENT), OURS, hash(0xa), hash(0xb)));
        proven.setData("0x");
        proven.setLogIndex("0x5");
        Log lookAlike = new Log();
        lookAlike.setAddress(HOSTILE);
        lookAlike.setTopics(List.of(EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVEN_EVENT), missing, hash(0xa), hash(0xb)));
        lookAlike.setData("0x");
        // the same withdrawal twice in one batch: proven, then skipped by our guard
        Log duplicate = proveItem(OURS, 1);
        Log skip = proveItem(skipped, 1);
        BatchReceiptEvents events = BatchReceiptEvents.read(receipt(List.of(proven, lookAlike, duplicate, skip)),
                true, BATCHER, PORTAL);

        assertEquals(io.opwb.storage.ItemOutcome.DONE, events.outcomes.get(OURS).outcome());
        assertEquals(5L, events.outcomes.get(OURS).logIndex(), "the portal's event is the record");
        assertEquals(io.opwb.storage.ItemOutcome.ALREADY_DONE, events.outcomes.get(skipped).outcome());
        assertNull(events.outcomes.get(missing), "a WithdrawalProven not from the portal proves nothing");

        // a finalize: the portal's WithdrawalFinalized alone says done, and how the call went
        BatchReceiptEvents finalize = BatchReceiptEvents.read(receipt(List.of(finalized(PORTAL, OURS, false))),
                false, BATCHER, PORTAL);
        assertEquals(io.opwb.storage.ItemOutcome.DONE, finalize.outcomes.get(OURS).outcome());
        assertEquals(Boolean.FALSE, finalize.targetCallSucceeded.get(OURS));
    }

    private static Log proveItem(String withdrawalHash, int outcome) {
        Log log = new Log();
        log.setAddress(BATCHER);
        log.setTopics(List.of(EventEncoder.encode(WithdrawalBatcher.PROVEITEMRESULT_EVENT), withdrawalHash));
        log.setData(FunctionEncoder.encodeConstructor(List.of(new Uint8(outcome), new DynamicBytes(new byte[0]))));
        log.setLogIndex("0x7");
        return log;
    }

    private static Log itemResult(String emitter, String withdrawalHash, int outcome, String reasonHex) {
        Log log = new Log();
        log.setAddress(emitter);
        log.setTopics(List.of(EventEncoder.encode(WithdrawalBatcher.FINALIZEITEMRESULT_EVENT), withdrawalHash,
                Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(BATCHER), 64)));
        // uint8 encoded as a full word, so an impossible value is what a forger would write
        log.setData(FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.generated.Uint256(outcome),
                new DynamicBytes(Numeric.hexStringToByteArray(reasonHex)))));
        log.setLogIndex("0x1");
        return log;
    }

    private static Log finalized(String emitter, String withdrawalHash, boolean success) {
        Log log = new Log();
        log.setAddress(emitter);
        log.setTopics(List.of(EventEncoder.encode(OptimismPortal2.WITHDRAWALFINALIZED_EVENT), withdrawalHash));
        log.setData(FunctionEncoder.encodeConstructor(List.of(new Bool(success))));
        log.setLogIndex("0x2");
        return log;
    }

    private static TransactionReceipt receipt(List<Log> logs) {
        TransactionReceipt receipt = new TransactionReceipt();
        receipt.setStatus("0x1");
        receipt.setLogs(logs);
        return receipt;
    }

    private static String hash(int n) {
        return Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(n), 64);
    }
}
