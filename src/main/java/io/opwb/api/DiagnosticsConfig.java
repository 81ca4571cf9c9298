package io.opwb.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Diagnostic endpoints ({@code /api/diagnostics}): off unless asked for, as by the status API's benchmark. */
@ConfigMapping(prefix = "opwb.api.diagnostics")
public interface DiagnosticsConfig {

    /** Off: the endpoints answer 404, as if they did not exist. */
    @WithDefault("false")
    boolean enabled();
}
