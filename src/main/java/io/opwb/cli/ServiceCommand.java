package io.opwb.cli;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

/** The service: API, status page, health, metrics and the pipeline, until stopped. */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Runs the service (the default when no command is given) until stopped.")
public class ServiceCommand implements Runnable {

    @Override
    public void run() {
        Quarkus.waitForExit();
    }
}
