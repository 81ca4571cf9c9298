package io.opwb.cli;

import java.time.Duration;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opwb.api.WithdrawalResource;
import io.opwb.pipeline.SingleWithdrawal;
import io.opwb.storage.ItemOutcome;
import io.opwb.storage.Tx;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code prove} and {@code finalize} share: the withdrawal, how long to follow the batch, the report. */
abstract class SendCommand {

    @Inject
    SingleWithdrawal single;

    @Inject
    WithdrawalResource api;

    @Inject
    Tx tx;

    @Inject
    ObjectMapper json;

    @Parameters(paramLabel = "HASH", converter = Hashes.class,
            description = "The withdrawal hash, or the hash of the L2 transaction that initiated it (if it "
                    + "initiated only this one).")
    String hash;

    @Option(names = "--wait", converter = Durations.class, defaultValue = "10m",
            description = "How long to follow the L1 transaction until its receipt is final (default: ${DEFAULT-VALUE}).")
    Duration wait;

    /** Prints the outcome on one line, then the withdrawal as the API shows it; 0 if the step was done. */
    int report(SingleWithdrawal.Outcome outcome) throws Exception {
        String hashHex = org.web3j.utils.Numeric.toHexString(outcome.withdrawal().withdrawalHash);
        if (outcome.dryRun()) {
            System.out.println("dry run #" + outcome.batchId() + ": simulated, nothing sent (GET /api/dry-run/batches/"
                    + outcome.batchId() + ")");
        } else {
            System.out.println("batch #" + outcome.batchId() + " " + outcome.batchStatus() + ": " + hashHex + " "
                    + outcome.itemOutcome() + (outcome.itemReason() == null ? "" : " (" + outcome.itemReason() + ")"));
        }
        Object view = tx.read(() -> api.byHash(hashHex, String.valueOf(outcome.withdrawal().l2ChainId)));
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(view));
        return outcome.dryRun() || outcome.itemOutcome() == ItemOutcome.DONE ? 0 : OneLineErrors.FAILED;
    }
}
