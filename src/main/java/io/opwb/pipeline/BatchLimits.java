package io.opwb.pipeline;

/**
 * What one batch may hold, for the planners: the gas budget and the calldata limit of one L1
 * transaction, or no limit at all for a manifest (its chunks are cut later).
 */
record BatchLimits(long gasBudget, int maxCalldataBytes, boolean oneTransaction) {

    /**
     * Whether one more item would break the limits; a first item always fits the calldata limit (a
     * batch of one is the least that can be sent).
     */
    boolean full(long gas, int bytes, long itemGas, int itemBytes, boolean empty) {
        return oneTransaction && (gas + itemGas > gasBudget || !empty && bytes + itemBytes > maxCalldataBytes);
    }
}
