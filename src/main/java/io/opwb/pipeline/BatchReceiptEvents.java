package io.opwb.pipeline;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opwb.chain.RevertReasons;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.storage.ItemOutcome;

/**
 * What a mined batch transaction's logs say of its items. An item done has the portal's event
 * (WithdrawalProven, WithdrawalFinalized) and, from our batcher, nothing (older batchers also emitted
 * a Done item result); an item not done has our batcher's item result with its outcome and reason.
 * A withdrawal's target runs inside our transaction and can emit any event it likes, with our
 * batcher's or the portal's signatures: only the item results our batcher emitted and the proofs and
 * finalizations the portal emitted count (relays are
 * keyed by their emitter, which must be the withdrawal's own target). Each log is decoded on its
 * own; one that cannot be decoded, or carries a value that does not exist, is data about that item,
 * never an exception.
 */
public final class BatchReceiptEvents {

    /** The batcher's Outcome enum, in its order. */

    /** One item's outcome as our batcher reported it. */
    public record ItemResult(ItemOutcome outcome, String reason, Long logIndex) {
    }

    private static final String PROVE_ITEM = EventEncoder.encode(WithdrawalBatcher.PROVEITEMRESULT_EVENT);
    private static final String FINALIZE_ITEM = EventEncoder.encode(WithdrawalBatcher.FINALIZEITEMRESULT_EVENT);
    private static final String FINALIZED = EventEncoder.encode(OptimismPortal2.WITHDRAWALFINALIZED_EVENT);
    private static final String PROVEN = EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVEN_EVENT);
    private static final String RELAYED = EventEncoder.encode(L1CrossDomainMessenger.RELAYEDMESSAGE_EVENT);
    private static final String FAILED_RELAY = EventEncoder.encode(L1CrossDomainMessenger.FAILEDRELAYEDMESSAGE_EVENT);

    /** withdrawal hash (hex) -> its result: DONE where the portal proved or finalized it, else our batcher's result */
    public final Map<String, ItemResult> outcomes = new HashMap<>();
    /** withdrawal hash (hex) -> whether the portal's call to its target succeeded */
    public final Map<String, Boolean> targetCallSucceeded = new HashMap<>();
    /** "emitter:message hash" -> relayed, or recorded as failed, by that messenger */
    public final Map<String, Boolean> messageRelayed = new HashMap<>();
    /** Look-alike logs from other contracts, and logs that could not be decoded: for the log. */
    public final List<String> ignored = new ArrayList<>();

    private BatchReceiptEvents() {
    }

    public static BatchReceiptEvents read(TransactionReceipt receipt, boolean prove, String batcher, String portal) {
        BatchReceiptEvents events = new BatchReceiptEvents();
        if (receipt.getLogs() != null) {
            for (Log log : receipt.getLogs()) {
                events.take(log, prove, batcher, portal);
            }
        }
        return events;
    }

    public static String relayKey(String messenger, byte[] messageHash) {
        return messenger.toLowerCase() + ":" + Numeric.toHexString(messageHash);
    }

    private void take(Log log, boolean prove, String batcher, String portal) {
        List<String> topics = log.getTopics();
        if (topics == null || topics.isEmpty() || log.getAddress() == null) {
            return;
        }
        String topic = topics.get(0).toLowerCase();
        String emitter = log.getAddress();
        if (topic.equals(prove ? PROVE_ITEM : FINALIZE_ITEM)) {
            if (!emitter.equalsIgnoreCase(batcher)) {
                ignored.add("an item result emitted by " + emitter + ", not our batcher");
                return;
            }
            if (prove) {
                decode(log, WithdrawalBatcher::getProveItemResultEventFromLog, WithdrawalBatcher.PROVEITEMRESULT_EVENT,
                        e -> itemResult(e.withdrawalHash, e.outcome, e.reason, log));
            } else {
                decode(log, WithdrawalBatcher::getFinalizeItemResultEventFromLog, WithdrawalBatcher.FINALIZEITEMRESULT_EVENT,
                        e -> itemResult(e.withdrawalHash, e.outcome, e.reason, log));
            }
        } else if (prove && topic.equals(PROVEN)) {
            if (!emitter.equalsIgnoreCase(portal)) {
                ignored.add("a WithdrawalProven emitted by " + emitter + ", not the portal");
                return;
            }
            decode(log, OptimismPortal2::getWithdrawalProvenEventFromLog, OptimismPortal2.WITHDRAWALPROVEN_EVENT,
                    e -> done(e.withdrawalHash, log));
        } else if (!prove && topic.equals(FINALIZED)) {
            if (!emitter.equalsIgnoreCase(portal)) {
                ignored.add("a WithdrawalFinalized emitted by " + emitter + ", not the portal");
                return;
            }
            decode(log, OptimismPortal2::getWithdrawalFinalizedEventFromLog, OptimismPortal2.WITHDRAWALFINALIZED_EVENT,
                    e -> {
                        targetCallSucceeded.put(Numeric.toHexString(e.withdrawalHash), e.success);
                        done(e.withdrawalHash, log);
                    });
        } else if (!prove && topic.equals(RELAYED)) {
            decode(log, L1CrossDomainMessenger::getRelayedMessageEventFromLog, L1CrossDomainMessenger.RELAYEDMESSAGE_EVENT,
                    e -> messageRelayed.put(relayKey(emitter, e.msgHash), true));
        } else if (!prove && topic.equals(FAILED_RELAY)) {
            decode(log, L1CrossDomainMessenger::getFailedRelayedMessageEventFromLog,
                    L1CrossDomainMessenger.FAILEDRELAYEDMESSAGE_EVENT, e -> messageRelayed.put(relayKey(emitter, e.msgHash), false));
        }
    }

    private <E> void decode(Log log, Function<Log, E> decoder, Event event, java.util.function.Consumer<E> use) {
        E decoded;
        try {
            decoded = decoder.apply(log);
        } catch (RuntimeException e) {
            decoded = null;
        }
        if (decoded == null) {
            ignored.add("an undecodable " + event.getName() + " log (index " + log.getLogIndexRaw() + ") of " + log.getAddress());
            return;
        }
        use.accept(decoded);
    }

    private static Long logIndex(Log log) {
        try {
            return log.getLogIndexRaw() == null ? null : log.getLogIndex().longValueExact();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The portal proved or finalized it in our transaction: done, whatever else the logs say of it
     * (the same withdrawal twice in a batch is done once, then skipped).
     */
    private void done(byte[] withdrawalHash, Log log) {
        if (withdrawalHash == null) {
            ignored.add("a portal event without a withdrawal hash");
            return;
        }
        outcomes.put(Numeric.toHexString(withdrawalHash), new ItemResult(ItemOutcome.DONE, null, logIndex(log)));
    }

    private void itemResult(byte[] withdrawalHash, BigInteger code, byte[] reason, Log log) {
        if (withdrawalHash == null || code == null) {
            ignored.add("an item result without a withdrawal hash or an outcome");
            return;
        }
        String described = reason == null || reason.length == 0 ? null : RevertReasons.describe(reason);
        Long logIndex = logIndex(log);
        java.util.Optional<ItemOutcome> known = ItemOutcome.ofBatcherCode(code);
        String hash = Numeric.toHexString(withdrawalHash);
        ItemResult earlier = outcomes.get(hash);
        if (earlier != null && earlier.outcome() == ItemOutcome.DONE) {
            return; // the portal's event (or an older batcher's Done) already says done
        }
        outcomes.put(hash, known.isPresent()
                ? new ItemResult(known.get(), described, logIndex)
                : new ItemResult(ItemOutcome.FAILED, "our batcher reported an outcome " + code + " that does not exist", logIndex));
    }
}
