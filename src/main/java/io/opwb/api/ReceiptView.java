package io.opwb.api;

import java.util.List;
import java.util.Map;

/**
 * Proof that our batches executed a withdrawal: per step (prove, finalize), the L1 transaction (sent
 * to our batcher) and the log in it of the portal's event for the withdrawal (WithdrawalProven,
 * WithdrawalFinalized), and in manifest mode the signed manifest, the withdrawal's leaf and
 * its Merkle proof to the manifest's root, which the transaction's ManifestExecuted event names.
 */
public record ReceiptView(String withdrawalHash, List<Step> steps) {

    public record Step(String action, long batchId, String l1TxHash, Long l1BlockNumber,
            Long logIndex, String event, String outcome, Manifest manifest) {
    }

    /**
     * @param typedData the EIP-712 typed data the signer signed (as eth_signTypedData_v4 takes it)
     * @param leaf the leaf's values, in {@code leafEncoding}
     */
    public record Manifest(long id, String digest, String root, String signer, String signature,
            Map<String, Object> typedData, List<String> leafEncoding, List<String> leaf, String leafHash,
            List<String> proof) {
    }
}
