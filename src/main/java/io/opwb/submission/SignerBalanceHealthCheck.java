package io.opwb.submission;

import java.math.BigInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the signer holds less than {@code opwb.submission.min-balance-wei}: an empty
 * signer would leave withdrawals waiting without a word.
 */
@Readiness
@ApplicationScoped
public class SignerBalanceHealthCheck implements HealthCheck {

    private final SubmitterBalance balance;
    private final SubmissionConfig config;

    public SignerBalanceHealthCheck(SubmitterBalance balance, SubmissionConfig config) {
        this.balance = balance;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("signer-balance").up();
        BigInteger seen = balance.balance();
        if (seen == null) {
            return response.withData("balance", "not read in this replica").build();
        }
        BigInteger floor = config.minBalanceWei();
        response.withData("address", balance.address()).withData("balanceWei", seen.toString())
                .withData("minBalanceWei", floor.toString());
        return (seen.compareTo(floor) < 0 ? response.down() : response).build();
    }
}
