package io.opwb.cli;

import jakarta.inject.Inject;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code opwb}: the service (no command, or {@code service}) and the one-off commands. */
@Command(name = "opwb", mixinStandardHelpOptions = true, version = "op-withdrawal-batcher 0.1.0",
        description = "Proves and finalizes OP Stack withdrawals in batches. With no command: runs the service.",
        subcommands = { ServiceCommand.class, StatusCommand.class, ProveCommand.class, FinalizeCommand.class,
                DeployBatcherCommand.class, CommandLine.HelpCommand.class })
public class OpwbCommand implements Runnable, QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    @Override
    public int run(String... args) {
        return new CommandLine(this, factory)
                .setParameterExceptionHandler(OneLineErrors::badInput)
                .setExecutionExceptionHandler(OneLineErrors::failed)
                .execute(args);
    }

    /** No command: the service. */
    @Override
    public void run() {
        Quarkus.waitForExit();
    }
}
