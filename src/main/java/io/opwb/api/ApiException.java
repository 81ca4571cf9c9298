package io.opwb.api;

/** A client's mistake (400, 409), an unknown resource (404) or a limit reached (503), with a message for the client. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** The request names something ambiguous (a withdrawal hash found on two chains). */
    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** The server is at a limit of its own (too many event streams); the client may try again later. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    public int status() {
        return status;
    }
}
