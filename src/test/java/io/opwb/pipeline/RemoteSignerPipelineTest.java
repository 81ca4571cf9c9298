package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.storage.L1TransactionEntity;
import io.opwb.storage.L1TransactionRepository;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.submission.SignerKey;
import io.opwb.submission.TransactionSigner;
import io.opwb.testing.PipelineDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service holds no key: the L1 anvil signs as its remote signer ({@code eth_signTransaction}), as
 * for every class on the pipeline devnet (where {@link PipelineEndToEndTest} proves and finalizes its
 * mix through the portal). Here one of its batch transactions is left underpriced (L1 mining paused,
 * the base fee raised), so the follower replaces it at the same nonce — signed remotely too — and the
 * replacement is mined and does its step, by the portal's own account.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(PipelineDevnetTestResource.class)
class RemoteSignerPipelineTest {

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final AttributeKey<String> SIGNER_KIND = AttributeKey.stringKey("opwb.signer.kind");
    private static final AttributeKey<Boolean> REPLACEMENT = AttributeKey.booleanKey("opwb.tx.replacement");

    @Inject
    SignerKey key;

    @Inject
    Tx tx;

    @Inject
    WithdrawalRepository withdrawals;

    @Inject
    L1TransactionRepository transactions;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void anvilSignsAsTheRemoteSignerAndItsSameNonceReplacementIsMinedAndDoesItsStep() throws Exception {
        assertEquals(TransactionSigner.Kind.REMOTE, key.signer().kind(), "no key in the service");
        assertEquals(DevnetAccounts.service().getAddress(), key.address().toLowerCase());
        Devnet devnet = PipelineDevnetTestResource.devnet();
        List<InitiatedWithdrawal> ws = devnet.traffic().initiateInOneBlock(
                TrafficGenerator.randomRequests(3, new SplittableRandom(2112)));

        // Its prove batch, else (when that was mined before mining paused) its finalize batch, left waiting.
        boolean prove = true;
        Long batch = pauseWithBatchPending(devnet, ws.get(0), WithdrawalStatus.READY_TO_PROVE, true);
        if (batch == null) {
            prove = false;
            batch = pauseWithBatchPending(devnet, ws.get(0), WithdrawalStatus.READY_TO_FINALIZE, false);
        }
        assertNotNull(batch, "a batch of ours waited unmined while L1 mining was paused");
        L1TransactionEntity first;
        L1TransactionEntity replacement;
        try {
            // The next block's base fee jumps over what the transaction offers (within the fee sanity limits):
            // it is not mined, and the follower replaces it.
            devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI.multiply(BigInteger.valueOf(6)));
            devnet.l1Rpc().mine();
            List<L1TransactionEntity> attempts = awaitAttempts(batch, 2, Duration.ofSeconds(30));
            first = attempts.get(0);
            replacement = attempts.get(1);
            assertEquals(first.nonce, replacement.nonce, "same nonce");
            assertTrue(replacement.maxFeePerGas.compareTo(first.maxFeePerGas) > 0, "a higher max fee");
            awaitKnown(devnet, replacement);
            // The replacement took the original's place in anvil's pool; the devnet's own senders go on.
            devnet.l1Rpc().setNextBlockBaseFeePerGas(GWEI);
        } finally {
            devnet.l1Rpc().setIntervalMining(1);
        }

        WithdrawalStatus done = prove ? WithdrawalStatus.PROVEN_MATURING : WithdrawalStatus.FINALIZED;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!ws.stream().allMatch(w -> reached(w) >= done.ordinal())) {
            assertTrue(Instant.now().isBefore(deadline), "all " + done + " (or further) in time");
            Thread.sleep(200);
        }
        TransactionReceipt mined = devnet.l1().ethGetTransactionReceipt(Numeric.toHexString(replacement.txHash)).send()
                .getTransactionReceipt().orElseThrow(() -> new AssertionError("the replacement is mined"));
        assertTrue(mined.isStatusOK());
        assertEquals(DevnetAccounts.service().getAddress(), mined.getFrom().toLowerCase(), "signed by account #4");
        assertFalse(devnet.l1().ethGetTransactionReceipt(Numeric.toHexString(first.txHash)).send()
                .getTransactionReceipt().isPresent(), "the original is not");
        OptimismPortal2 portal = devnet.portalReader();
        String batcher = devnet.deployment().withdrawalBatcher();
        for (InitiatedWithdrawal w : ws) {
            byte[] hash = w.transaction().hash();
            assertTrue(prove ? portal.provenWithdrawals(hash, batcher).send().component2().signum() > 0
                    : portal.finalizedWithdrawals(hash).send(), (prove ? "proven" : "finalized") + " on L1: "
                            + w.transaction().hashHex());
        }
        assertSigningSpans();
    }

    /**
     * Pauses L1 mining as the withdrawal reaches {@code ready}; returns its batch for that step once its
     * transaction is broadcast and waits unmined. Null (mining resumed) when the step's transaction was mined
     * before mining paused.
     */
    private Long pauseWithBatchPending(Devnet devnet, InitiatedWithdrawal w, WithdrawalStatus ready, boolean prove)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (reached(w) < ready.ordinal()) {
            assertTrue(Instant.now().isBefore(deadline), "reached " + ready + " in time");
            Thread.sleep(100);
        }
        devnet.l1Rpc().setIntervalMining(0);
        deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            WithdrawalEntity now = row(w);
            Long batch = prove ? now.proveBatchId : now.finalizeBatchId;
            List<L1TransactionEntity> attempts = batch == null ? List.of() : tx.read(() -> transactions.ofBatch(batch));
            if (!attempts.isEmpty()) {
                String hash = Numeric.toHexString(attempts.get(0).txHash);
                if (devnet.l1().ethGetTransactionReceipt(hash).send().getTransactionReceipt().isPresent()) {
                    devnet.l1Rpc().setIntervalMining(1);
                    return null;
                }
                if (devnet.l1().ethGetTransactionByHash(hash).send().getTransaction().isPresent()) {
                    return batch;
                }
            }
            Thread.sleep(100);
        }
        devnet.l1Rpc().setIntervalMining(1);
        throw new AssertionError("no " + (prove ? "prove" : "finalize") + " batch was broadcast in time");
    }

    /** The withdrawal's status's place in the lifecycle; -1 before it is indexed. */
    private int reached(InitiatedWithdrawal w) {
        List<WithdrawalEntity> found = tx.read(() -> withdrawals.findByHashes(DevnetOptions.L2_CHAIN_ID,
                List.of(w.transaction().hash())));
        return found.isEmpty() ? -1 : found.get(0).status.ordinal();
    }

    private WithdrawalEntity row(InitiatedWithdrawal w) {
        return tx.read(() -> withdrawals.findByHashes(DevnetOptions.L2_CHAIN_ID, List.of(w.transaction().hash()))).get(0);
    }

    private List<L1TransactionEntity> awaitAttempts(long batch, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<L1TransactionEntity> attempts = List.of();
        while (Instant.now().isBefore(deadline)) {
            attempts = tx.read(() -> transactions.ofBatch(batch));
            if (attempts.size() >= count) {
                return attempts;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("batch #" + batch + " has " + attempts.size() + " attempts, not " + count);
    }

    private static void awaitKnown(Devnet devnet, L1TransactionEntity attempt) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (devnet.l1().ethGetTransactionByHash(Numeric.toHexString(attempt.txHash)).send().getTransaction().isEmpty()) {
            assertTrue(Instant.now().isBefore(deadline), "the node has the replacement");
            Thread.sleep(100);
        }
    }

    /** Every signature of this service was the remote signer's, a replacement among them; each in its span. */
    private void assertSigningSpans() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        List<SpanData> signing = List.of();
        while (Instant.now().isBefore(deadline)) {
            signing = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("l1.sign")).toList();
            if (signing.stream().anyMatch(s -> Boolean.TRUE.equals(s.getAttributes().get(REPLACEMENT)))) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(signing.stream().anyMatch(s -> Boolean.TRUE.equals(s.getAttributes().get(REPLACEMENT))),
                "a replacement's signing span among " + signing.size());
        assertTrue(signing.stream().allMatch(s -> "remote".equals(s.getAttributes().get(SIGNER_KIND))),
                "every signature remote: " + signing.stream().map(s -> s.getAttributes().get(SIGNER_KIND)).toList());
    }
}
