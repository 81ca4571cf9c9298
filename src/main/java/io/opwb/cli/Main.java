package io.opwb.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The entry point of both the service and the one-off commands. A one-off command runs beside a
 * running service without getting in its way: no HTTP server, no scheduled pipeline cycles (the
 * command drives the stages itself), and logs on stderr so that stdout holds only its answer.
 */
@QuarkusMain
public class Main {

    static final Set<String> ONE_OFF = Set.of("status", "prove", "finalize", "deploy-batcher");

    /**
     * Settings of a one-off command; anything set explicitly as a system property wins. No scheduled jobs
     * either: they serve the API and the metrics, and one still running when the command ends held its
     * exit up for the 10 s of the shutdown timeout (its database pool closed under it).
     */
    static final Map<String, String> ONE_OFF_SETTINGS = Map.of(
            "quarkus.http.host-enabled", "false",
            "opwb.pipeline.enabled", "false",
            "quarkus.scheduler.enabled", "false",
            "quarkus.log.console.stderr", "true");

    public static void main(String... args) {
        OptionalInt answered = answerWithoutStarting(args);
        if (answered.isPresent()) {
            System.exit(answered.getAsInt());
        }
        Map<String, String> set = new LinkedHashMap<>();
        if (oneOff(args)) {
            ONE_OFF_SETTINGS.forEach((key, value) -> {
                if (System.getProperty(key) == null) {
                    System.setProperty(key, value);
                    set.put(key, value);
                }
            });
        }
        try {
            Quarkus.run(OpwbCommand.class, args);
        } finally {
            // Tests launch several commands in one JVM.
            set.keySet().forEach(System::clearProperty);
        }
    }

    /**
     * Help, the version and input the command line refuses need nothing of the service: answered
     * from the commands' annotations before it starts (its database, chains and start-up checks take
     * seconds), with the same text and exit code as from inside it.
     *
     * @return the exit code, or empty when the service must start to answer
     */
    static OptionalInt answerWithoutStarting(String... args) {
        if (args.length == 0) {
            return OptionalInt.empty(); // the service: nothing to parse (picocli's model costs a start ~0.1 s)
        }
        // Picocli's default factory makes the commands without their injected beans: enough to parse.
        CommandLine parser = new CommandLine(OpwbCommand.class);
        try {
            ParseResult parsed = parser.parseArgs(args);
            return CommandLine.printHelpIfRequested(parsed) ? OptionalInt.of(0) : OptionalInt.empty();
        } catch (ParameterException e) {
            return OptionalInt.of(OneLineErrors.badInput(e, args));
        }
    }

    /** A one-off command, or help: anything but the service. */
    static boolean oneOff(String... args) {
        for (String arg : args) {
            if (ONE_OFF.contains(arg) || arg.equals("--help") || arg.equals("-h") || arg.equals("help")
                    || arg.equals("--version") || arg.equals("-V")) {
                return true;
            }
        }
        return false;
    }
}
