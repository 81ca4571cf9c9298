package io.opwb.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;

/** Checks the operator's bearer token, in constant time. */
@ApplicationScoped
public class AdminAuth {

    private final AdminConfig config;

    public AdminAuth(AdminConfig config) {
        this.config = config;
    }

    /** Throws 401 (missing or wrong token) or 403 (no token configured: admin endpoints disabled). */
    public void require(String authorization) {
        String expected = config.token().filter(t -> !t.isBlank())
                .orElseThrow(() -> new ApiException(403, "admin endpoints are disabled: no OPWB_ADMIN_TOKEN is configured"));
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()) : "";
        // MessageDigest.isEqual takes time independent of where the bytes differ.
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "a valid bearer token is required");
        }
    }
}
