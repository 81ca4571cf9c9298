package io.opwb.chain;

import static io.opwb.chain.WithdrawalBatcherFixture.ALREADY_DONE;
import static io.opwb.chain.WithdrawalBatcherFixture.DONE;
import static io.opwb.chain.WithdrawalBatcherFixture.customError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.merkle.ManifestLeaf;
import io.opwb.merkle.ManifestTypedData;
import io.opwb.merkle.StandardMerkleTree;

/**
 * Manifest mode of WithdrawalBatcher on the devnet, against the real OptimismPortal2: a signed
 * manifest executed in chunks by two submitter keys, and everything a submitter might send that
 * the signer did not authorise refused on chain. The portal's state is the evidence.
 */
class WithdrawalBatcherManifestTest extends DevnetContractTest {

    private static int targetCounter;
    
    @Test
    void oneManifestExecutedInThreeChunksByTwoSubmitterKeysFinalizesAllItsWithdrawals() throws Exception {
        List<WithdrawalTransaction> txs = initiate(6);
        Proposer.ProposedGame game = fx.propose(devnet.l2().ethBlockNumber().send().getBlockNumber());
        WithdrawalBatcherFixture.SignedManifest prove = sign(ManifestTypedData.PROVE, game.index(), txs, fx.batcherAddress(), deadline(3600),
                DevnetAccounts.manifestSigner());
        assertArrayEquals(prove.typed().digest(), fx.batcherAs(DevnetAccounts.service())
                .manifestDigest(prove.struct().manifest).send(), "our EIP-712 digest is the contract's");
        TransactionReceipt proven = proveChunk(DevnetAccounts.service(), prove, txs, game, List.of(0, 1, 2, 3, 4, 5));
        assertOutcomes(fx.outcomes(proven, true), 6, DONE);
        fx.resolveAndMature(game);

        WithdrawalBatcherFixture.SignedManifest finalize = sign(ManifestTypedData.FINALIZE, BigInteger.ZERO, txs, fx.batcherAddress(), deadline(3600),
                DevnetAccounts.manifestSigner());
        List<BigInteger> before = new ArrayList<>();
        for (WithdrawalTransaction tx : txs) {
            before.add(fx.balance(tx.target()));
        }
        Credentials[] keys = {DevnetAccounts.service(), DevnetAccounts.secondSubmitter(), DevnetAccounts.service()};
        List<List<Integer>> chunks = List.of(List.of(4, 0), List.of(2, 5), List.of(1, 3));
        for (int c = 0; c < 3; c++) {
            TransactionReceipt r = finalizeChunk(keys[c], finalize, txs, chunks.get(c));
            assertTrue(r.isStatusOK(), "chunk " + c);
            assertEquals(keys[c].getAddress(), r.getFrom(), "chunk " + c + " sent by its submitter key");
            var executed = WithdrawalBatcher.getManifestExecutedEvents(r);
            assertEquals(1, executed.size());
            assertArrayEquals(finalize.typed().digest(), executed.get(0).digest);
            assertArrayEquals(finalize.tree().root(), executed.get(0).root);
            assertEquals(List.of(2L, 2L, 0L, 0L), List.of(executed.get(0).items.longValue(),
                    executed.get(0).done.longValue(), executed.get(0).skipped.longValue(),
                    executed.get(0).failed.longValue()), "items, done, skipped, failed");
        }
        byte[] digest = finalize.typed().digest();
        for (int i = 0; i < txs.size(); i++) {
            assertTrue(fx.finalized(txs.get(i)), "finalized on the portal: withdrawal " + i);
            assertEquals(before.get(i).add(txs.get(i).value()), fx.balance(txs.get(i).target()), "target paid once");
            assertTrue(fx.batcherAs(DevnetAccounts.service()).leafExecuted(digest, BigInteger.valueOf(i)).send());
        }
    }

    @Test
    void aReplayedLeafIsSkippedAndTheProofItMadeKeepsItsTime() throws Exception {
        List<WithdrawalTransaction> txs = initiate(3);
        Proposer.ProposedGame game = fx.propose(devnet.l2().ethBlockNumber().send().getBlockNumber());
        WithdrawalBatcherFixture.SignedManifest prove = sign(ManifestTypedData.PROVE, game.index(), txs, fx.batcherAddress(), deadline(3600),
                DevnetAccounts.manifestSigner());
        proveChunk(DevnetAccounts.service(), prove, txs, game, List.of(0, 1));
        BigInteger provenAt = fx.proven(txs.get(0), fx.batcherAddress()).component2();
        devnet.warpL1(600);

        // The same leaves again (by the other key), with one new one: only the new one is proven.
        TransactionReceipt replay = proveChunk(DevnetAccounts.secondSubmitter(), prove, txs, game, List.of(0, 1, 2));
        var records = fx.records(replay, true, txs.subList(0, 3));
        for (int leaf = 0; leaf < 3; leaf++) {
            boolean replayed = leaf < 2;
            assertEquals(replayed ? ALREADY_DONE : DONE, records.get(leaf).outcome());
            if (replayed) {
                assertEquals(customError("LeafAlreadyExecuted(uint256)", new Uint256(leaf)),
                        org.web3j.utils.Numeric.toHexString(records.get(leaf).reason()), "reason names the executed leaf");
            }
        }
        assertEquals(provenAt, fx.proven(txs.get(0), fx.batcherAddress()).component2(),
                "the replay did not re-prove: the proof's maturity clock was not restarted");
    }

    @Test
    void whatTheSignerDidNotAuthoriseIsRefusedOnChain() throws Exception {
        List<WithdrawalTransaction> txs = initiate(3);
        Proposer.ProposedGame game = fx.propose(devnet.l2().ethBlockNumber().send().getBlockNumber());
        fx.proveBatch(game, fx.proveBatchFor(game.l2BlockNumber(), txs));
        fx.resolveAndMature(game);
        String submitter = DevnetAccounts.secondSubmitter().getAddress();
        WithdrawalBatcherFixture.SignedManifest good = sign(ManifestTypedData.FINALIZE, BigInteger.ZERO, txs, fx.batcherAddress(), deadline(3600),
                DevnetAccounts.manifestSigner());

        // A tampered item: the value of one withdrawal raised.
        WithdrawalTransaction t = txs.get(1);
        List<WithdrawalTransaction> tampered = new ArrayList<>(txs);
        tampered.set(1, new WithdrawalTransaction(t.nonce(), t.sender(), t.target(), t.value().add(BigInteger.ONE),
                t.gasLimit(), t.data()));
        assertEquals(customError("NotInManifest()"), revert(submitter, finalizeCall(good, tampered, List.of(0, 1, 2))));

        // A signer the contract does not list.
        Credentials stranger = Credentials.create("0x" + "11".repeat(32));
        WithdrawalBatcherFixture.SignedManifest unlisted = sign(ManifestTypedData.FINALIZE, BigInteger.ZERO, txs, fx.batcherAddress(), deadline(3600),
                stranger);
        assertEquals(customError("NotManifestSigner(address)", new Address(stranger.getAddress())),
                revert(submitter, finalizeCall(unlisted, txs, List.of(0))));

        // The listed signer's name on a signature by another key.
        WithdrawalBatcherFixture.SignedManifest forged = new WithdrawalBatcherFixture.SignedManifest(unlisted.typed(), unlisted.leaves(), unlisted.tree(),
                new WithdrawalBatcher.SignedManifest(unlisted.struct().manifest,
                        DevnetAccounts.manifestSigner().getAddress(), unlisted.struct().signature));
        assertEquals(customError("BadManifestSignature()"), revert(submitter, finalizeCall(forged, txs, List.of(0))));

        // Expired.
        long past = latestTimestamp() - 1;
        WithdrawalBatcherFixture.SignedManifest expired = sign(ManifestTypedData.FINALIZE, BigInteger.ZERO, txs, fx.batcherAddress(), past,
                DevnetAccounts.manifestSigner());
        assertEquals(customError("ManifestExpired(uint64)", new Uint64(past)),
                revert(submitter, finalizeCall(expired, txs, List.of(0))));

        // A prove manifest sent to finalize.
        WithdrawalBatcherFixture.SignedManifest proveManifest = sign(ManifestTypedData.PROVE, game.index(), txs,
                fx.batcherAddress(), deadline(3600), DevnetAccounts.manifestSigner());
        assertEquals(customError("WrongAction(uint8)", new Uint8(0)),
                revert(submitter, finalizeCall(proveManifest, txs, List.of(0))));

        // Keys that are no submitter; and a submitter key cannot use the operator's direct batches.
        assertEquals(customError("NotSubmitter(address)", new Address(DevnetAccounts.otherRelayer().getAddress())),
                revert(DevnetAccounts.otherRelayer().getAddress(), finalizeCall(good, txs, List.of(0))));
        String operatorCall = fx.batcherAs(DevnetAccounts.secondSubmitter()).finalizeBatch(List.of(
                WithdrawalBatcherFixture.finalizeItem(txs.get(0), fx.batcherAddress()))).encodeFunctionCall();
        assertEquals(customError("NotOperator(address)", new Address(submitter)), revert(submitter, operatorCall));

        for (WithdrawalTransaction tx : txs) {
            assertTrue(!fx.finalized(tx), "nothing was finalized by the refused calls");
        }
        // ...and the signed manifest itself still works.
        assertTrue(finalizeChunk(DevnetAccounts.secondSubmitter(), good, txs, List.of(0, 1, 2)).isStatusOK());
        for (WithdrawalTransaction tx : txs) {
            assertTrue(fx.finalized(tx));
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static WithdrawalBatcherFixture.SignedManifest sign(int action, long gameIndex, List<WithdrawalTransaction> txs, String submitter,
            long deadline, Credentials signer) {
        return fx.signManifest(action, BigInteger.valueOf(gameIndex), txs, submitter, deadline, signer);
    }

    private static WithdrawalBatcherFixture.SignedManifest sign(int action, BigInteger gameIndex, List<WithdrawalTransaction> txs, String submitter,
            long deadline, Credentials signer) {
        return fx.signManifest(action, gameIndex, txs, submitter, deadline, signer);
    }

    private static TransactionReceipt proveChunk(Credentials key, WithdrawalBatcherFixture.SignedManifest m, List<WithdrawalTransaction> txs,
            Proposer.ProposedGame game, List<Integer> chunk) throws Exception {
        return fx.proveManifestChunk(key, WithdrawalBatcherFixture.BATCH_GAS, m, txs, game, chunk);
    }

    private static String finalizeCall(WithdrawalBatcherFixture.SignedManifest m, List<WithdrawalTransaction> txs, List<Integer> chunk) {
        return fx.finalizeManifestChunk(DevnetAccounts.service(), WithdrawalBatcherFixture.BATCH_GAS, m, txs, chunk)
                .encodeFunctionCall();
    }

    private static TransactionReceipt finalizeChunk(Credentials key, WithdrawalBatcherFixture.SignedManifest m, List<WithdrawalTransaction> txs,
            List<Integer> chunk) throws Exception {
        return fx.finalizeManifestChunk(key, WithdrawalBatcherFixture.BATCH_GAS, m, txs, chunk).send();
    }

    private static String revert(String from, String data) throws Exception {
        return fx.revertDataOfCall(from, fx.batcherAddress(), data);
    }

    private static void assertOutcomes(List<BigInteger> outcomes, int count, BigInteger expected) {
        assertEquals(count, outcomes.size());
        outcomes.forEach(o -> assertEquals(expected, o));
    }

    private static long latestTimestamp() throws Exception {
        return devnet.l1().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
                .getTimestamp().longValueExact();
    }

    private static long deadline(long seconds) throws Exception {
        return latestTimestamp() + seconds;
    }

    private static List<WithdrawalTransaction> initiate(int count) {
        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            targetCounter++;
            requests.add(WithdrawalRequest.eth(String.format("0x%040x", 0xe1_0000_0000L + targetCounter),
                    BigInteger.valueOf(1_000_000_000_000L * (i + 1))));
        }
        return devnet.traffic().initiateInOneBlock(requests).stream().map(InitiatedWithdrawal::transaction).toList();
    }
}
