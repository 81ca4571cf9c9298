package io.opwb.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.WithdrawalBatcher;

/** Our calldata sizes against web3j's own ABI encoding of the generated wrapper: equal, byte for byte. */
class CalldataSizeTest {

    private static final String ADDRESS = "0x" + "11".repeat(20);
    private final Web3j unused = Web3j.build(new HttpService("http://127.0.0.1:9")); // encoding only: never called
    private final WithdrawalBatcher batcher = WithdrawalBatcher.load(ADDRESS, unused,
            new ReadonlyTransactionManager(unused, ADDRESS), new DefaultGasProvider());
    private final SplittableRandom random = new SplittableRandom(11);

    private WithdrawalBatcher.WithdrawalTransaction tx(int dataLength) {
        byte[] data = new byte[dataLength];
        random.nextBytes(data);
        return new WithdrawalBatcher.WithdrawalTransaction(BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE)),
                ADDRESS, ADDRESS, BigInteger.TEN, BigInteger.valueOf(100_000), data);
    }

    private List<byte[]> proof(int nodes, List<byte[]> sharedTop) {
        List<byte[]> proof = new ArrayList<>(sharedTop);
        for (int i = sharedTop.size(); i < nodes; i++) {
            byte[] node = new byte[random.nextInt(40, 533)];
            random.nextBytes(node);
            proof.add(node);
        }
        return proof;
    }

    private static int bytes(String calldata) {
        return (calldata.length() - 2) / 2;
    }

    @Test
    void aProveBatchIsAsLongAsItsBaseItsItemsAndItsSharedNodes() {
        List<byte[]> top = proof(3, List.of());
        for (int items : new int[] { 1, 7, 50 }) {
            SharedProofNodes nodes = new SharedProofNodes();
            List<WithdrawalBatcher.ProveItem> prove = new ArrayList<>();
            int expected = CalldataSize.PROVE_BATCH_BASE;
            for (int i = 0; i < items; i++) {
                int dataLength = i % 3 == 0 ? 0 : random.nextInt(1, 10_241); // none, and every padding
                List<byte[]> proof = proof(random.nextInt(4, 12), top);
                WithdrawalBatcher.WithdrawalTransaction wtx = tx(dataLength);
                expected += CalldataSize.proveItem(proof.size(), dataLength) + nodes.newNodeBytes(proof);
                prove.add(new WithdrawalBatcher.ProveItem(wtx, nodes.add(proof)));
            }
            String calldata = batcher.proveBatch(BigInteger.ONE, new WithdrawalBatcher.OutputRootProof(new byte[32],
                    new byte[32], new byte[32], new byte[32]), nodes.nodes(), prove).encodeFunctionCall();
            assertEquals(expected, bytes(calldata), items + " items");
        }
    }

    @Test
    void aFinalizeBatchIsAsLongAsItsBaseAndItsItems() {
        for (int items : new int[] { 1, 7, 50 }) {
            List<WithdrawalBatcher.FinalizeItem> finalize = new ArrayList<>();
            int expected = CalldataSize.FINALIZE_BATCH_BASE;
            for (int i = 0; i < items; i++) {
                int dataLength = i % 3 == 0 ? 0 : random.nextInt(1, 10_241);
                expected += CalldataSize.finalizeItem(dataLength);
                finalize.add(new WithdrawalBatcher.FinalizeItem(tx(dataLength), ADDRESS));
            }
            assertEquals(expected, bytes(batcher.finalizeBatch(finalize).encodeFunctionCall()), items + " items");
        }
    }

    @Test
    void aNodeAlreadyHeldAddsNothingAndTheSameNodeTwiceInOneProofCountsOnce() {
        SharedProofNodes nodes = new SharedProofNodes();
        byte[] a = new byte[532];
        byte[] b = new byte[33];
        b[0] = 1;
        assertEquals(64 + 544 + 64 + 64, nodes.newNodeBytes(List.of(a, b, a)));
        nodes.add(List.of(a));
        assertEquals(64 + 64, nodes.newNodeBytes(List.of(a, b)));
    }
}
