package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.PermissionedDisputeGame;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.testing.BatchItemRecords;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetClocks;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.Proposer;
import io.opwb.merkle.SharedProofNodes;
import io.opwb.proof.StorageProofs;

/**
 * What the WithdrawalBatcher tests share: wrappers signed by a given devnet account with a static
 * gas limit (so that reverting transactions are mined and surface as {@code TransactionException}),
 * conversions to the batcher wrapper's structs, and the prove / resolve / mature steps on the devnet.
 */
final class WithdrawalBatcherFixture {

    /** Gas limit of a batch transaction: below the L1's 2^24 per-transaction cap. */
    static final BigInteger BATCH_GAS = BigInteger.valueOf(15_000_000);

    static final BigInteger DONE = BigInteger.valueOf(0);
    static final BigInteger ALREADY_DONE = BigInteger.valueOf(1);
    static final BigInteger FAILED = BigInteger.valueOf(2);
    static final BigInteger OUT_OF_GAS = BigInteger.valueOf(3);

    private static final BigInteger MAX_FEE = BigInteger.valueOf(50_000_000_000L);
    private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
    private static final byte[] ERROR_STRING_SELECTOR = Numeric.hexStringToByteArray("0x08c379a0");

    final Devnet devnet;

    WithdrawalBatcherFixture(Devnet devnet) {
        this.devnet = devnet;
    }

    String batcherAddress() {
        return devnet.deployment().withdrawalBatcher();
    }

    /** Every item's outcome in a batch receipt: DONE per portal event, then the item events' outcomes. */
    List<BigInteger> outcomes(TransactionReceipt receipt, boolean prove) {
        return BatchItemRecords.outcomes(receipt, prove, batcherAddress(), devnet.deployment().optimismPortal());
    }

    /** Each withdrawal's record in a batch receipt, in the order given. */
    List<BatchItemRecords.ItemRecord> records(TransactionReceipt receipt, boolean prove, List<WithdrawalTransaction> txs) {
        return BatchItemRecords.of(receipt, prove, batcherAddress(), devnet.deployment().optimismPortal(), txs);
    }

    /** The batcher, its transactions signed by {@code signer} with a fixed gas limit. */
    WithdrawalBatcher batcherAs(Credentials signer, BigInteger gasLimit) {
        return WithdrawalBatcher.load(batcherAddress(), devnet.l1(), transactionManager(signer),
                new StaticEIP1559GasProvider(DevnetOptions.L1_CHAIN_ID, MAX_FEE, PRIORITY_FEE, gasLimit));
    }

    WithdrawalBatcher batcherAs(Credentials signer) {
        return batcherAs(signer, BATCH_GAS);
    }

    /** The portal, its transactions signed by {@code signer}. */
    OptimismPortal2 portalAs(Credentials signer) {
        return OptimismPortal2.load(devnet.deployment().optimismPortal(), devnet.l1(), transactionManager(signer),
                new StaticEIP1559GasProvider(DevnetOptions.L1_CHAIN_ID, MAX_FEE, PRIORITY_FEE,
                        BigInteger.valueOf(1_000_000)));
    }

    private RawTransactionManager transactionManager(Credentials signer) {
        return new RawTransactionManager(devnet.l1(), signer, DevnetOptions.L1_CHAIN_ID,
                new PollingTransactionReceiptProcessor(devnet.l1(), 50, 400));
    }

    // --- structs ------------------------------------------------------------------------------

    static WithdrawalBatcher.WithdrawalTransaction toBatcherStruct(WithdrawalTransaction tx) {
        return new WithdrawalBatcher.WithdrawalTransaction(tx.nonce(), tx.sender(), tx.target(), tx.value(),
                tx.gasLimit(), tx.data());
    }

    static WithdrawalBatcher.OutputRootProof toBatcherStruct(OutputRoot root) {
        OptimismPortal2.OutputRootProof p = root.toProofStruct();
        return new WithdrawalBatcher.OutputRootProof(p.version, p.stateRoot, p.messagePasserStorageRoot,
                p.latestBlockhash);
    }

    static WithdrawalBatcher.FinalizeItem finalizeItem(WithdrawalTransaction tx, String proofSubmitter) {
        return new WithdrawalBatcher.FinalizeItem(toBatcherStruct(tx), proofSubmitter);
    }

    /** A prove batch as the service would build it: every proof taken at the game's block, nodes shared. */
    record ProveBatch(List<byte[]> nodes, List<WithdrawalBatcher.ProveItem> items, List<List<byte[]>> proofs) {

        int referencedNodes() {
            return proofs.stream().mapToInt(List::size).sum();
        }
    }

    ProveBatch proveBatchFor(BigInteger l2Block, List<WithdrawalTransaction> txs) throws IOException {
        StorageProofs.Result result = new StorageProofs(devnet.l2()).at(l2Block,
                txs.stream().map(WithdrawalTransaction::storageSlot).toList());
        SharedProofNodes shared = new SharedProofNodes();
        List<WithdrawalBatcher.ProveItem> items = new ArrayList<>();
        List<List<byte[]>> proofs = new ArrayList<>();
        for (WithdrawalTransaction tx : txs) {
            List<byte[]> proof = result.forSlot(tx.storageSlot()).nodes();
            proofs.add(proof);
            items.add(new WithdrawalBatcher.ProveItem(toBatcherStruct(tx), shared.add(proof)));
        }
        return new ProveBatch(shared.nodes(), items, proofs);
    }

    /** Proposes a game for {@code l2Block} and moves L1 on one second, so proofs against it can mature. */
    Proposer.ProposedGame propose(BigInteger l2Block) throws Exception {
        Proposer.ProposedGame game = devnet.proposer().propose(l2Block);
        devnet.warpL1(1);
        return game;
    }

    TransactionReceipt proveBatch(Proposer.ProposedGame game, ProveBatch batch) throws Exception {
        return batcherAs(io.opwb.devnet.DevnetAccounts.service()).proveBatch(game.index(),
                toBatcherStruct(game.outputRoot()), batch.nodes(), batch.items()).send();
    }

    /** Lets the game's clock run out, resolves it (DEFENDER_WINS), then waits out maturity and finality. */
    void resolveAndMature(Proposer.ProposedGame game) throws Exception {
        DevnetClocks clocks = devnet.options().clocks();
        devnet.warpL1(clocks.maxClockDuration() + 1);
        devnet.resolver().resolveExpired();
        PermissionedDisputeGame g = PermissionedDisputeGame.load(game.address(), devnet.l1(),
                new ReadonlyTransactionManager(devnet.l1(), game.address()), new DefaultGasProvider());
        assertEquals(BigInteger.TWO, g.status().send(), "game " + game.index() + " resolved DEFENDER_WINS");
        devnet.warpL1(Math.max(clocks.proofMaturityDelay(), clocks.disputeGameFinalityDelay()) + 1);
    }

    // --- manifests ----------------------------------------------------------------------------

    /** A manifest as a signer makes it: leaves, tree, typed data, and the signed struct the contract takes. */
    record SignedManifest(io.opwb.merkle.ManifestTypedData typed, List<io.opwb.merkle.ManifestLeaf> leaves,
            io.opwb.merkle.StandardMerkleTree tree, WithdrawalBatcher.SignedManifest struct) {
    }

    private static long manifestIds = 1000;

    /** Signs a manifest over {@code txs} (leaf i = txs[i] with {@code proofSubmitter}) with {@code signer}. */
    SignedManifest signManifest(int action, BigInteger gameIndex, List<WithdrawalTransaction> txs,
            String proofSubmitter, long deadline, Credentials signer) {
        List<io.opwb.merkle.ManifestLeaf> leaves = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            leaves.add(new io.opwb.merkle.ManifestLeaf(i, txs.get(i).hash(), proofSubmitter));
        }
        var tree = io.opwb.merkle.ManifestLeaf.tree(leaves);
        var typed = new io.opwb.merkle.ManifestTypedData(DevnetOptions.L1_CHAIN_ID, batcherAddress(),
                devnet.deployment().optimismPortal(), action, gameIndex, tree.root(), BigInteger.valueOf(manifestIds++),
                deadline);
        byte[] signature = io.opwb.submission.ManifestSigner.signDigest(signer.getEcKeyPair(), typed.digest());
        var manifest = new WithdrawalBatcher.Manifest(typed.portal(), BigInteger.valueOf(action), gameIndex,
                tree.root(), typed.id(), BigInteger.valueOf(deadline));
        return new SignedManifest(typed, leaves, tree,
                new WithdrawalBatcher.SignedManifest(manifest, signer.getAddress(), signature));
    }

    /** Proves the leaves {@code chunk} of a prove manifest, sent by {@code key}. */
    TransactionReceipt proveManifestChunk(Credentials key, BigInteger gasLimit, SignedManifest m,
            List<WithdrawalTransaction> txs, Proposer.ProposedGame game, List<Integer> chunk) throws Exception {
        var multi = m.tree().multiProof(chunk);
        List<WithdrawalTransaction> ordered = multi.valueIndexes().stream().map(txs::get).toList();
        ProveBatch batch = proveBatchFor(game.l2BlockNumber(), ordered);
        List<WithdrawalBatcher.ManifestProveItem> items = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            items.add(new WithdrawalBatcher.ManifestProveItem(BigInteger.valueOf(multi.valueIndexes().get(i)),
                    toBatcherStruct(ordered.get(i)), batch.items().get(i).nodeIndexes));
        }
        return batcherAs(key, gasLimit).proveManifest(m.struct(), toBatcherStruct(game.outputRoot()), batch.nodes(),
                items, new WithdrawalBatcher.MultiProof(multi.proof(), multi.flags())).send();
    }

    /** The call finalizing the leaves {@code chunk} of a finalize manifest with the batcher's own proofs. */
    org.web3j.protocol.core.RemoteFunctionCall<TransactionReceipt> finalizeManifestChunk(Credentials key,
            BigInteger gasLimit, SignedManifest m, List<WithdrawalTransaction> txs, List<Integer> chunk) {
        var multi = m.tree().multiProof(chunk);
        List<WithdrawalBatcher.ManifestFinalizeItem> items = new ArrayList<>();
        for (int leaf : multi.valueIndexes()) {
            items.add(new WithdrawalBatcher.ManifestFinalizeItem(BigInteger.valueOf(leaf), toBatcherStruct(txs.get(leaf)),
                    batcherAddress()));
        }
        return batcherAs(key, gasLimit).finalizeManifest(m.struct(), items,
                new WithdrawalBatcher.MultiProof(multi.proof(), multi.flags()));
    }

    // --- chain state --------------------------------------------------------------------------

    Tuple2<String, BigInteger> proven(WithdrawalTransaction tx, String submitter) throws Exception {
        return devnet.portalReader().provenWithdrawals(tx.hash(), submitter).send();
    }

    boolean finalized(WithdrawalTransaction tx) throws Exception {
        return devnet.portalReader().finalizedWithdrawals(tx.hash()).send();
    }

    BigInteger balance(String address) throws IOException {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    BigInteger blockTimestamp(TransactionReceipt receipt) throws IOException {
        return devnet.l1().ethGetBlockByHash(receipt.getBlockHash(), false).send().getBlock().getTimestamp();
    }

    /** The revert data of {@code data} sent from {@code from} to {@code to}, as an eth_call reports it. */
    String revertDataOfCall(String from, String to, String data) throws IOException {
        EthCall call = devnet.l1().ethCall(Transaction.createEthCallTransaction(from, to, data),
                DefaultBlockParameterName.LATEST).send();
        assertTrue(call.hasError() || call.isReverted(), "call from " + from + " should revert");
        Object errorData = call.getError().getData();
        return errorData == null ? null : errorData.toString().replace("\"", "");
    }

    // --- encodings ----------------------------------------------------------------------------

    /** A custom error as the EVM returns it: selector then the ABI-encoded (static) arguments. */
    static String customError(String signature, Type<?>... args) {
        StringBuilder hex = new StringBuilder(Numeric.toHexString(Hash.sha3(signature.getBytes())).substring(0, 10));
        for (Type<?> arg : args) {
            hex.append(TypeEncoder.encode(arg));
        }
        return hex.toString();
    }

    /** The message of an {@code Error(string)} revert; fails the test for any other reason. */
    static String errorString(byte[] reason) {
        assertTrue(reason.length > 4 && Arrays.equals(Arrays.copyOf(reason, 4), ERROR_STRING_SELECTOR),
                "reason is Error(string): 0x" + HexFormat.of().formatHex(reason));
        @SuppressWarnings({"rawtypes", "unchecked"})
        List<Type> decoded = FunctionReturnDecoder.decode(
                Numeric.toHexString(Arrays.copyOfRange(reason, 4, reason.length)),
                List.of((TypeReference) new TypeReference<Utf8String>() {}));
        return decoded.get(0).getValue().toString();
    }
}
