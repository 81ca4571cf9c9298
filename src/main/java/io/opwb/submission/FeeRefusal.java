package io.opwb.submission;

/** Why a transaction was not signed at the node's fees, or a stuck one not replaced: it then waits. */
public enum FeeRefusal {
    /** The node's next base fee is far above the recent blocks': not believed yet. */
    BASE_FEE_JUMP,
    /** The node's suggested tip is far above the recent blocks' base fees: not believed yet. */
    TIP_JUMP,
    /** The fees needed are over the cap ({@code opwb.submission.max-fee-per-gas-wei}). */
    OVER_CAP,
    /** A replacement would offer more than the allowed multiple of the first attempt's max fee. */
    MAX_FEE_MULTIPLE,
    /** Under the cap or the multiple, the tip cannot rise as much as nodes require of a replacement. */
    TIP_CANNOT_RISE,
    /** The nonce has been replaced as often as allowed. */
    MAX_REPLACEMENTS
}
