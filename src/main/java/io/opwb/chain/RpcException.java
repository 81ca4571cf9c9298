package io.opwb.chain;

import java.io.IOException;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * A JSON-RPC transport failure, classified once where it arises ({@link RpcErrorKind}). Transient
 * ones are {@link Transient}, the type fault tolerance retries on and counts against a breaker.
 */
public class RpcException extends IOException {

    private final RpcErrorKind kind;

    RpcException(RpcErrorKind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public RpcErrorKind kind() {
        return kind;
    }

    /** Worth another attempt, possibly at another node. */
    public static final class Transient extends RpcException {
        Transient(RpcErrorKind kind, String message, Throwable cause) {
            super(kind, message, cause);
        }
    }

    /** Classifies a failure of a call to {@code where} (a redacted URL or a chain's name). */
    static RpcException of(String where, Throwable failure) {
        if (failure instanceof RpcException known) {
            return known;
        }
        RpcErrorKind kind = RpcErrorKind.of(failure);
        String message = where + ": " + (failure instanceof FaultToleranceException ? failure.toString() : failure.getMessage());
        return kind.isTransient() ? new Transient(kind, message, failure) : new RpcException(kind, message, failure);
    }
}
