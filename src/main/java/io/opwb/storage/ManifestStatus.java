package io.opwb.storage;

/** A signed manifest, stored by name in {@code manifest.status}. */
public enum ManifestStatus {
    /** Signed; chunks of it are still to be sent. */
    OPEN,
    /** Every leaf sent in some chunk. */
    SENT,
    /** Its deadline passed (or it was given up) with leaves unsent: they went back to the queue. */
    EXPIRED
}
