package io.opwb.submission;

/** A signed same-nonce replacement, or why there is none: the transaction then waits as it is. */
public record Replacement(SignedTransaction transaction, FeeRefusal refusal, String reason) {

    static Replacement signed(SignedTransaction transaction) {
        return new Replacement(transaction, null, null);
    }

    static Replacement refused(FeeRefusal refusal, String reason) {
        return new Replacement(null, refusal, reason);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
