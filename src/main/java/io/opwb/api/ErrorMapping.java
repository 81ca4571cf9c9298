package io.opwb.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as JSON problem documents; never a stack trace. */
public class ErrorMapping {

    /** RFC 9457 problem details, the fields we use. */
    public record Problem(String title, int status, String detail) {
    }

    /** A guess: streams end when clients leave, which the server cannot predict. */
    private static final int RETRY_AFTER_SECONDS = 10;

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return problem(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(404, "no such resource");
    }

    static Response problem(int status, String detail) {
        String title = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
        Response.ResponseBuilder response = Response.status(status).type(MediaType.valueOf("application/problem+json"))
                .entity(new Problem(title, status, detail));
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (status == 503) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
