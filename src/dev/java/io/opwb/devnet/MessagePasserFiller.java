package io.opwb.devnet;

import java.io.IOException;
import java.util.List;

import org.web3j.crypto.Hash;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.Web3j;

import io.opwb.chain.Predeploys;

/**
 * Fills the L2 message passer's storage with dummy slots, so that storage proofs have the depth of
 * a real chain (OP Mainnet holds millions of withdrawals). Slots are keccak256("filler-i") = 1,
 * written with batched {@code anvil_setStorageAt}.
 */
public final class MessagePasserFiller {

    private static final int BATCH = 2000;
    private static final String ONE = "0x" + "00".repeat(31) + "01";

    private final Web3j l2;
    private final AnvilRpc l2Rpc;

    MessagePasserFiller(Web3j l2, AnvilRpc l2Rpc) {
        this.l2 = l2;
        this.l2Rpc = l2Rpc;
    }

    /** Writes slots {@code from} until {@code from + count} and mines a block that includes them. */
    public void fill(int from, int count) throws IOException {
        for (int start = from; start < from + count; start += BATCH) {
            BatchRequest batch = l2.newBatch();
            for (int i = start; i < Math.min(from + count, start + BATCH); i++) {
                String slot = Hash.sha3String("filler-" + i);
                batch.add(AnvilRpc.request(l2Rpc.service(), "anvil_setStorageAt",
                        List.of(Predeploys.L2_TO_L1_MESSAGE_PASSER, slot, ONE)));
            }
            BatchResponse response = batch.send();
            for (Response<?> r : response.getResponses()) {
                if (r.hasError()) {
                    throw new IOException("anvil_setStorageAt: " + r.getError().getMessage());
                }
            }
        }
        l2Rpc.mine();
    }
}
