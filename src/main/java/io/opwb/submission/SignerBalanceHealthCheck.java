package io.opwb.submission;

import java.math.BigInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a submitter key holds less than {@code opwb.submission.min-balance-wei}: an
 * empty key would leave withdrawals waiting without a word.
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
        // The poorest key decides; each key's balance is listed when there are several.
        response.withData("address", balance.address()).withData("balanceWei", seen.toString())
                .withData("minBalanceWei", floor.toString());
        if (balance.balances().size() > 1) {
            balance.balances().forEach((a, b) -> response.withData("balanceWei." + a, b.toString()));
        }
        return (seen.compareTo(floor) < 0 ? response.down() : response).build();
    }
}
