package io.opwb.pipeline;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows in readiness which chains' submission is held, and why (a paused portal). It stays UP: the
 * API is as useful as ever while a portal is paused, and taking the replica out of service would
 * only hide the reason.
 */
@Readiness
@ApplicationScoped
public class SubmissionHoldHealthCheck implements HealthCheck {

    private final SubmissionHolds holds;
    private final io.opwb.chain.Chains chains;
    private final io.opwb.chain.ChainUse use;

    public SubmissionHoldHealthCheck(SubmissionHolds holds, io.opwb.chain.Chains chains, io.opwb.chain.ChainUse use) {
        this.holds = holds;
        this.chains = chains;
        this.use = use;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("submission-holds").up();
        if (!use.actsOnChains()) {
            // The api role sends nothing; its first readiness probe (a cold start's) need not wait for a query.
            return response.withData("holds", "not asked: this replica sends nothing").build();
        }
        try {
            holds.all().forEach(h -> response.withData("held." + chains.nameOf(h.l2ChainId), h.reason + " (since "
                    + h.since + ")"));
        } catch (RuntimeException e) {
            response.withData("unknown", "the database did not answer: " + e.getMessage());
        }
        return response.build();
    }
}
