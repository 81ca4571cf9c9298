package io.opwb.pipeline;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.opwb.chain.PortalContracts;
import io.opwb.submission.ManifestSigner;

/**
 * In manifest mode, a worker is not ready unless its manifest signer can sign (a remote signer
 * answers and holds the key) and the batcher lists it: otherwise withdrawals would wait unsigned.
 * Asked again every 30 seconds at most.
 */
@Readiness
@ApplicationScoped
public class ManifestSignerHealthCheck implements HealthCheck {

    private static final Duration KEEP = Duration.ofSeconds(30);

    private final ManifestConfig manifest;
    private final ManifestSigner signer;
    private final io.opwb.chain.Chains chains;
    private final boolean worker;
    private volatile HealthCheckResponse last;
    private volatile Instant lastAt = Instant.EPOCH;

    public ManifestSignerHealthCheck(ManifestConfig manifest, ManifestSigner signer, io.opwb.chain.Chains chains,
            @ConfigProperty(name = "opwb.role", defaultValue = "all") String role) {
        this.manifest = manifest;
        this.signer = signer;
        this.chains = chains;
        this.worker = ServiceRole.parse(role).runsPipeline();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("manifest-signer");
        if (!manifest.enabled() || !worker) {
            return response.up().withData("signer", manifest.enabled() ? "not used by this replica" : "manifest mode off")
                    .build();
        }
        if (last != null && Instant.now().isBefore(lastAt.plus(KEEP))) {
            return last;
        }
        String problem = signer.unavailableBecause();
        if (problem == null) {
            try {
                for (io.opwb.chain.ChainContext chain : chains.all()) {
                    PortalContracts contracts = chain.contracts();
                    if (problem == null && !contracts.batcherForEncoding().isManifestSigner(signer.address()).send()) {
                        problem = signer.address() + " is not a manifest signer on " + chain.name() + "'s batcher "
                                + contracts.batcherAddress() + " (setManifestSigner)";
                    }
                }
            } catch (Exception e) {
                // the chains check reports an unreachable node
                return response.up().withData("signer", signer.address() + ", not yet checked on the batcher").build();
            }
        }
        last = (problem == null ? response.up().withData("signer", signer.address())
                : response.down().withData("problem", problem)).build();
        lastAt = Instant.now();
        return last;
    }
}
