package io.opwb.api;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The operator endpoints' bearer token (`OPWB_ADMIN_TOKEN`); without one they are disabled. */
@ConfigMapping(prefix = "opwb.admin")
public interface AdminConfig {
    Optional<String> token();
}
