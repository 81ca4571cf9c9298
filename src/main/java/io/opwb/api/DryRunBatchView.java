package io.opwb.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A batch the service would have sent (dry-run mode): the gas the node says it would use, and what
 * one transaction per withdrawal and step would have cost (the items' solo gas, summed). When the
 * simulation failed, {@code failure} says why (e.g. the address is not an operator of the batcher).
 */
public record DryRunBatchView(long id, String chain, long chainId, String kind, Long gameIndex, int itemCount,
        int calldataBytes, long gasLimit, String from, Long simulatedGas, Long gasPerWithdrawal, Long oneTransactionPerStepGas,
        Long gasSaved, Integer savedPercent, String failure, OffsetDateTime createdAt, List<Item> items) {

    public record Item(int position, String withdrawalHash, Long soloGas) {
    }
}
