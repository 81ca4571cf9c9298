package io.opwb.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** Proves one withdrawal now, through our batcher, in a batch of one. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Proves one withdrawal now (a batch of one through our WithdrawalBatcher) and follows the L1 "
                + "transaction until its receipt is final. Refused unless the withdrawal is ready to prove, so a "
                + "proof of ours is never sent again. Needs the key (or dry-run mode: simulated only).")
public class ProveCommand extends SendCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return report(single.prove(hash, wait));
    }
}
