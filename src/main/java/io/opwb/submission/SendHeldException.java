package io.opwb.submission;

/**
 * Nothing was signed: the fees the node asks are not believed, or are over the cap. Nothing is
 * recorded either, so the caller may simply try again later (the pipeline does, next cycle).
 */
public final class SendHeldException extends Exception {

    private final FeeRefusal reason;

    public SendHeldException(FeeRefusal reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FeeRefusal reason() {
        return reason;
    }
}
