package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opwb.chain.CallOutcome;
import io.opwb.chain.L1Reader;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.TransactionStatus;

/** The follower's decisions about one batch's transaction, against an in-memory chain and records. */
class TransactionFollowerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration REPLACE_AFTER = Duration.ofMinutes(3);
    private static final long BATCH = 7;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    private final FakeChain chain = new FakeChain();
    private final FakeSender sender = new FakeSender();
    private final FakeRecords records = new FakeRecords();
    private final TransactionFollower follower = new TransactionFollower(sender, chain, records, REPLACE_AFTER,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void whicheverAttemptWasMinedIsTheBatchsReceipt() throws Exception {
        L1TransactionEntity original = records.add(attempt(1, 20, Duration.ofMinutes(10)));
        records.add(attempt(2, 30, Duration.ofMinutes(5)));
        chain.mine(original, 100);

        SendState state = follower.follow(BATCH);

        assertEquals(hex(original.txHash), assertInstanceOf(SendState.Mined.class, state).receipt().getTransactionHash());
        assertEquals(List.of(), sender.calls, "a mined send is left alone");
    }

    @Test
    void aWellPricedYoungTransactionTheNodeHasIsLeftToWait() throws Exception {
        L1TransactionEntity only = records.add(attempt(1, 20, Duration.ofSeconds(30)));
        chain.known.add(hex(only.txHash));

        assertEquals(new SendState.Pending(SendState.Step.WAITING), follower.follow(BATCH));
        assertEquals(List.of(), sender.calls);
    }

    @Test
    void whatTheNodeDroppedIsBroadcastAgainUnchanged() throws Exception {
        L1TransactionEntity only = records.add(attempt(1, 20, Duration.ofSeconds(30)));

        assertEquals(new SendState.Pending(SendState.Step.REBROADCAST), follower.follow(BATCH));
        assertEquals(List.of("rebroadcast " + hex(only.raw)), sender.calls, "the same signed bytes, no new nonce");
        assertEquals(1, records.attempts(BATCH).size());
    }

    @Test
    void anUnderpricedTransactionIsReplacedAtTheSameNonceRecordedBeforeItIsBroadcast() throws Exception {
        L1TransactionEntity only = records.add(attempt(4, 20, Duration.ofSeconds(30)));
        chain.known.add(hex(only.txHash));
        chain.nextBaseFee = GWEI.multiply(BigInteger.valueOf(25));

        assertEquals(new SendState.Pending(SendState.Step.REPLACED), follower.follow(BATCH));

        List<L1TransactionEntity> attempts = records.attempts(BATCH);
        assertEquals(2, attempts.size(), "the replacement is recorded");
        assertEquals(4, attempts.get(1).nonce, "at the same nonce");
        assertEquals(List.of("replacement " + hex(only.raw), "record " + hex(attempts.get(1).txHash),
                "broadcast " + hex(attempts.get(1).txHash)), sender.calls, "recorded before it is broadcast");
    }

    @Test
    void aTransactionWaitingLongerThanAllowedIsReplacedEvenWhenWellPriced() throws Exception {
        L1TransactionEntity only = records.add(attempt(1, 20, REPLACE_AFTER));
        chain.known.add(hex(only.txHash));

        assertEquals(new SendState.Pending(SendState.Step.REPLACED), follower.follow(BATCH));
    }

    @Test
    void theWaitStartsAtTheReorgThatPutTheTransactionBackNotAtItsSigning() throws Exception {
        L1TransactionEntity reopened = attempt(1, 20, Duration.ofSeconds(20));
        reopened.createdAt = OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(2)), ZoneOffset.UTC);
        records.add(reopened);
        chain.known.add(hex(reopened.txHash));

        assertEquals(new SendState.Pending(SendState.Step.WAITING), follower.follow(BATCH));
        assertEquals(List.of(), sender.calls);
    }

    @Test
    void aRefusedReplacementLeavesTheTransactionAsItIs() throws Exception {
        records.add(attempt(1, 20, REPLACE_AFTER.plusMinutes(1)));
        sender.replacement = Replacement.refused(FeeRefusal.OVER_CAP, "the cap leaves no room");

        assertEquals(new SendState.Pending(SendState.Step.REPLACEMENT_REFUSED), follower.follow(BATCH));
        assertEquals(1, records.attempts(BATCH).size(), "nothing recorded");
        assertTrue(sender.calls.stream().noneMatch(c -> c.startsWith("broadcast")), "nothing broadcast");
    }

    @Test
    void aNonceTakenByAnotherTransactionIsReported() throws Exception {
        records.add(attempt(9, 20, REPLACE_AFTER));
        sender.broadcastAnswer = BroadcastResult.refused("nonce too low");

        assertEquals(new SendState.NonceTaken(9), follower.follow(BATCH));
    }

    @Test
    void nonceTooLowBecauseOurOwnAttemptWasMinedMeanwhileIsNoTakenNonce() throws Exception {
        L1TransactionEntity original = records.add(attempt(9, 20, REPLACE_AFTER));
        sender.broadcastAnswer = BroadcastResult.refused("nonce too low");
        sender.onBroadcast = () -> chain.mine(original, 101);

        assertEquals(new SendState.Pending(SendState.Step.REPLACED), follower.follow(BATCH));
    }

    @Test
    void aNodeErrorDecidesNothing() {
        records.add(attempt(1, 20, REPLACE_AFTER.plusMinutes(5)));
        chain.failing = true;

        assertThrows(IOException.class, () -> follower.follow(BATCH));
        assertEquals(List.of(), sender.calls, "nothing replaced, nothing broadcast");
        assertEquals(1, records.attempts(BATCH).size());
    }

    @Test
    void aRecordedTransactionTheNodeTakesOnResendIsPending() throws Exception {
        L1TransactionEntity only = records.add(attempt(1, 20, Duration.ofSeconds(5)));

        assertEquals(new SendState.Pending(SendState.Step.REBROADCAST), follower.resend(BATCH));
        assertEquals(List.of("rebroadcast " + hex(only.raw)), sender.calls);
    }

    @Test
    void aResendRefusedAsUnderpricedIsReplacedAndTheReplacementTaken() throws Exception {
        records.add(attempt(1, 20, Duration.ofSeconds(5)));
        chain.nextBaseFee = GWEI.multiply(BigInteger.valueOf(25));
        sender.rebroadcastAnswer = BroadcastResult.refused("max fee per gas less than block base fee");
        sender.onBroadcast = () -> chain.known.add(hex(records.attempts(BATCH).get(1).txHash));

        assertEquals(new SendState.Pending(SendState.Step.REPLACED), follower.resend(BATCH));
    }

    @Test
    void aResendRefusedWithNoReplacementPossibleStaysRefused() throws Exception {
        records.add(attempt(1, 20, Duration.ofSeconds(5)));
        chain.nextBaseFee = GWEI.multiply(BigInteger.valueOf(25));
        sender.rebroadcastAnswer = BroadcastResult.refused("max fee per gas less than block base fee");
        sender.replacement = Replacement.refused(FeeRefusal.OVER_CAP, "the cap leaves no room");

        assertEquals(new SendState.Refused("max fee per gas less than block base fee"), follower.resend(BATCH));
    }

    @Test
    void aResendWithNothingRecordedIsRefused() throws Exception {
        assertInstanceOf(SendState.Refused.class, follower.resend(BATCH));
        assertEquals(List.of(), sender.calls);
    }

    @Test
    void aMinedTransactionIsKeptMovedOrRemovedByAReorg() throws Exception {
        L1TransactionEntity mined = records.add(attempt(1, 20, Duration.ZERO));
        assertEquals(ReorgCheck.REMOVED, follower.recheck(mined.txHash, 100));
        chain.mine(mined, 100);
        assertEquals(ReorgCheck.KEPT, follower.recheck(mined.txHash, 100));
        chain.mine(mined, 102);
        assertEquals(new ReorgCheck.Moved(102), follower.recheck(mined.txHash, 100));
    }

    private static L1TransactionEntity attempt(long nonce, long maxFeeGwei, Duration waited) {
        L1TransactionEntity row = new L1TransactionEntity();
        row.batchId = BATCH;
        row.nonce = nonce;
        row.maxFeePerGas = new BigDecimal(GWEI.multiply(BigInteger.valueOf(maxFeeGwei)));
        row.maxPriorityFee = new BigDecimal(GWEI);
        row.status = TransactionStatus.SIGNED;
        row.createdAt = OffsetDateTime.ofInstant(NOW.minus(waited), ZoneOffset.UTC);
        row.waitingSince = row.createdAt;
        return row;
    }

    private static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    /** The L1 chain as the follower reads it. */
    private static final class FakeChain implements L1Reader {
        final Map<String, Long> minedIn = new HashMap<>();
        final Set<String> known = new HashSet<>();
        BigInteger nextBaseFee = GWEI.multiply(BigInteger.TWO);
        boolean failing;

        void mine(L1TransactionEntity attempt, long block) {
            minedIn.put(hex(attempt.txHash), block);
            known.add(hex(attempt.txHash));
        }

        @Override
        public Optional<TransactionReceipt> receipt(String txHash) throws IOException {
            if (failing) {
                throw new IOException("node timed out");
            }
            Long block = minedIn.get(txHash);
            if (block == null) {
                return Optional.empty();
            }
            TransactionReceipt receipt = new TransactionReceipt();
            receipt.setTransactionHash(txHash);
            receipt.setBlockNumber(Numeric.encodeQuantity(BigInteger.valueOf(block)));
            return Optional.of(receipt);
        }

        @Override
        public boolean known(String txHash) {
            return known.contains(txHash);
        }

        @Override
        public BigInteger head() {
            throw new UnsupportedOperationException();
        }

        @Override
        public BigInteger finalizedBlock() {
            throw new UnsupportedOperationException();
        }

        @Override
        public BigInteger nextBaseFee() {
            return nextBaseFee;
        }

        @Override
        public Optional<CallOutcome> replayBeforeBlock(TransactionReceipt receipt) {
            throw new UnsupportedOperationException();
        }
    }

    /** Signing and sending, scripted; every call written down in order. */
    private final class FakeSender implements TxManager {
        final List<String> calls = new ArrayList<>();
        BroadcastResult rebroadcastAnswer = BroadcastResult.ACCEPTED;
        BroadcastResult broadcastAnswer = BroadcastResult.ACCEPTED;
        Replacement replacement;
        Runnable onBroadcast = () -> { };
        private int replacements;

        @Override
        public Replacement replacement(String rawHex) {
            calls.add("replacement " + rawHex);
            if (replacement != null) {
                return replacement;
            }
            replacements++;
            L1TransactionEntity old = records.attempts(BATCH).get(records.attempts(BATCH).size() - 1);
            return Replacement.signed(new SignedTransaction("0x01", old.nonce,
                    Numeric.toHexString(new byte[] { (byte) 0xee, (byte) replacements }),
                    Numeric.toHexString(new byte[] { (byte) 0xef, (byte) replacements }),
                    GWEI.multiply(BigInteger.valueOf(40)), GWEI.multiply(BigInteger.TWO), BigInteger.valueOf(200_000)));
        }

        @Override
        public BroadcastResult broadcast(SignedTransaction tx) {
            calls.add("broadcast " + tx.hash());
            onBroadcast.run();
            return broadcastAnswer;
        }

        @Override
        public BroadcastResult rebroadcast(String rawHex) {
            calls.add("rebroadcast " + rawHex);
            return rebroadcastAnswer;
        }

        @Override
        public io.smallrye.mutiny.Uni<Void> record(SignedTransaction tx, Long batchId) {
            throw new UnsupportedOperationException("the records record");
        }

        @Override
        public String sender() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> senders() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SignedTransaction sign(String from, String to, String data, BigInteger gasLimit) {
            throw new UnsupportedOperationException("the follower never signs anew");
        }

        @Override
        public void checkFees() {
            throw new UnsupportedOperationException();
        }
    }

    /** The batch's recorded attempts, in memory. */
    private final class FakeRecords implements SendRecords {
        private final Map<Long, List<L1TransactionEntity>> byBatch = new HashMap<>();
        private int next;

        L1TransactionEntity add(L1TransactionEntity row) {
            next++;
            row.txHash = new byte[] { 0x0a, (byte) next };
            row.raw = new byte[] { 0x0b, (byte) next };
            byBatch.computeIfAbsent(row.batchId, b -> new ArrayList<>()).add(row);
            return row;
        }

        @Override
        public List<L1TransactionEntity> attempts(long batchId) {
            return List.copyOf(byBatch.getOrDefault(batchId, List.of()));
        }

        @Override
        public void recordReplacement(SignedTransaction replacement, long batchId) {
            sender.calls.add("record " + replacement.hash());
            L1TransactionEntity row = new L1TransactionEntity();
            row.batchId = batchId;
            row.nonce = replacement.nonce();
            row.txHash = Numeric.hexStringToByteArray(replacement.hash());
            row.raw = Numeric.hexStringToByteArray(replacement.raw());
            row.maxFeePerGas = new BigDecimal(replacement.maxFeePerGas());
            row.maxPriorityFee = new BigDecimal(replacement.maxPriorityFeePerGas());
            row.status = TransactionStatus.SIGNED;
            byBatch.computeIfAbsent(batchId, b -> new ArrayList<>()).add(row);
        }
    }
}
