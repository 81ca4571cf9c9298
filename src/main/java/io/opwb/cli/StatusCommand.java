package io.opwb.cli;

import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opwb.api.ApiException;
import io.opwb.api.WithdrawalResource;
import io.opwb.pipeline.SingleWithdrawal;
import io.opwb.storage.Tx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A withdrawal as the API shows it: status and reason, ETA, game, proofs, batches, L1 transactions. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints a withdrawal's status, ETA, proofs and batches as JSON (the API's view). "
                + "First indexes the chains to their heads, so that the answer is current.")
public class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "HASH", converter = Hashes.class,
            description = "A withdrawal hash, or the hash of the L2 transaction that initiated it (then every "
                    + "withdrawal it initiated is shown).")
    String hash;

    @Option(names = "--no-sync", description = "Answer from the database as it is, without indexing first.")
    boolean noSync;

    @Inject
    SingleWithdrawal single;

    @Inject
    WithdrawalResource api;

    @Inject
    Tx tx;

    @Inject
    ObjectMapper json;

    @Override
    public Integer call() throws Exception {
        if (!noSync) {
            single.catchUp();
        }
        Object view;
        try {
            view = tx.read(() -> api.byHash(hash, null));
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            try {
                List<?> initiated = tx.read(() -> api.byL2Transaction(hash, null));
                view = initiated.size() == 1 ? initiated.get(0) : initiated;
            } catch (ApiException notFound) {
                throw new IllegalArgumentException("no withdrawal with hash " + hash
                        + ", nor one initiated by an L2 transaction with that hash", notFound);
            }
        }
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(view));
        return 0;
    }
}
