package io.opwb.storage;

/** What a batch (and a manifest, and a dry-run batch) does for its withdrawals, stored by name in {@code kind}. */
public enum BatchKind {
    PROVE,
    FINALIZE
}
