package io.opwb.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.WithdrawalBatcher;

/**
 * What a batch transaction records of each item, read from the chain's logs as anyone would: an item
 * done has the portal's WithdrawalProven / WithdrawalFinalized (our batcher emits nothing for it, and
 * these checks fail if it does); an item not done has our batcher's item event, with its outcome and
 * reason.
 */
public final class BatchItemRecords {

    public static final BigInteger DONE = BigInteger.ZERO;

    /** One item: its outcome (the batcher's Outcome enum) and, when not done, its event's fields. */
    public record ItemRecord(BigInteger outcome, byte[] reason, String proofSubmitter) {
    }

    private static final String PROVEN = EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVEN_EVENT);
    private static final String FINALIZED = EventEncoder.encode(OptimismPortal2.WITHDRAWALFINALIZED_EVENT);
    private static final String PROVE_ITEM = EventEncoder.encode(WithdrawalBatcher.PROVEITEMRESULT_EVENT);
    private static final String FINALIZE_ITEM = EventEncoder.encode(WithdrawalBatcher.FINALIZEITEMRESULT_EVENT);

    private BatchItemRecords() {
    }

    /** Each withdrawal's record, in the order given; fails when one has neither event. */
    public static List<ItemRecord> of(TransactionReceipt receipt, boolean prove, String batcher, String portal,
            List<WithdrawalTransaction> txs) {
        Set<String> doneByPortal = new HashSet<>();
        Map<String, ItemRecord> notDone = new HashMap<>();
        read(receipt, prove, batcher, portal, doneByPortal, notDone, new ArrayList<>());
        List<ItemRecord> records = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            String hash = Numeric.toHexString(txs.get(i).hash());
            ItemRecord record = doneByPortal.contains(hash) ? new ItemRecord(DONE, new byte[0], null) : notDone.get(hash);
            assertNotNull(record, "item " + i + " has neither the portal's event nor our item event");
            records.add(record);
        }
        return records;
    }

    /** Every item's outcome in log order: one DONE per portal event, then each item event's outcome. */
    public static List<BigInteger> outcomes(TransactionReceipt receipt, boolean prove, String batcher, String portal) {
        List<BigInteger> outcomes = new ArrayList<>();
        Set<String> doneByPortal = new HashSet<>();
        read(receipt, prove, batcher, portal, doneByPortal, new HashMap<>(), outcomes);
        doneByPortal.forEach(h -> outcomes.add(DONE));
        return outcomes;
    }

    private static void read(TransactionReceipt receipt, boolean prove, String batcher, String portal,
            Set<String> doneByPortal, Map<String, ItemRecord> notDone, List<BigInteger> itemEventOutcomes) {
        for (Log log : receipt.getLogs()) {
            String topic = log.getTopics().isEmpty() ? "" : log.getTopics().get(0);
            if (log.getAddress().equalsIgnoreCase(portal) && topic.equals(prove ? PROVEN : FINALIZED)) {
                doneByPortal.add(log.getTopics().get(1).toLowerCase());
            } else if (log.getAddress().equalsIgnoreCase(batcher) && topic.equals(prove ? PROVE_ITEM : FINALIZE_ITEM)) {
                ItemRecord record;
                String hash;
                if (prove) {
                    var e = WithdrawalBatcher.getProveItemResultEventFromLog(log);
                    record = new ItemRecord(e.outcome, e.reason, null);
                    hash = Numeric.toHexString(e.withdrawalHash);
                } else {
                    var e = WithdrawalBatcher.getFinalizeItemResultEventFromLog(log);
                    record = new ItemRecord(e.outcome, e.reason, e.proofSubmitter);
                    hash = Numeric.toHexString(e.withdrawalHash);
                }
                assertNotEquals(DONE, record.outcome(), "our batcher emits no item event for a done item");
                notDone.put(hash, record);
                itemEventOutcomes.add(record.outcome());
            }
        }
    }

    /** Asserts each item's outcome, and that exactly the failed ones carry a reason. */
    public static void assertOutcomes(TransactionReceipt receipt, boolean prove, String batcher, String portal,
            List<WithdrawalTransaction> txs, List<BigInteger> expected) {
        List<ItemRecord> records = of(receipt, prove, batcher, portal, txs);
        for (int i = 0; i < txs.size(); i++) {
            assertEquals(expected.get(i), records.get(i).outcome(), "outcome of item " + i);
            boolean failed = BigInteger.TWO.equals(expected.get(i));
            assertEquals(failed, records.get(i).reason().length > 0, "item " + i + " has a reason exactly when it failed");
        }
    }
}
