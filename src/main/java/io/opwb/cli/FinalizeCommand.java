package io.opwb.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** Finalizes one withdrawal now, through our batcher, in a batch of one. */
@Command(name = "finalize", mixinStandardHelpOptions = true,
        description = "Finalizes one proven withdrawal now (a batch of one through our WithdrawalBatcher) and follows the L1 "
                + "transaction until its receipt is final. Refused unless the withdrawal is ready to finalize "
                + "(its proof matured, its game resolved and aged). Needs the key (or dry-run mode: simulated only).")
public class FinalizeCommand extends SendCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return report(single.finalize(hash, wait));
    }
}
