package io.opwb.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A batch: its L1 transaction, gas, the gas it saved against one transaction per withdrawal and
 * step (each item's solo gas, measured before sending), and each item's outcome. In manifest mode
 * a batch is a chunk of a manifest, sent by one of the submitter keys ({@code sender}).
 */
public record BatchView(long id, String kind, String status, Long gameIndex, Long manifestId, String sender,
        int itemCount, Integer calldataBytes,
        Long gasLimit, Long gasUsed, Long gasPerWithdrawal, Long gasSaved, Long l1BlockNumber, String txHash, OffsetDateTime createdAt,
        OffsetDateTime confirmedAt, List<Item> items, String chain, long chainId) {

    public record Item(int position, String withdrawalHash, String proofSubmitter, String outcome, String reason,
            Long soloGas) {
    }
}
