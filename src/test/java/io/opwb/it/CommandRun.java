package io.opwb.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the packaged service's command line ({@code java -jar quarkus-run.jar <args>}, settings as
 * system properties), to its exit: what an operator's shell sees. A packaged application starts in a few
 * seconds; an in-memory one (QuarkusMainTest) is built anew for every launch.
 */
record CommandRun(int exitCode, String out, String err) {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Duration LIMIT = Duration.ofMinutes(3);

    static CommandRun run(Map<String, String> settings, String... args) throws IOException, InterruptedException {
        Path jar = ServiceProcess.projectDir().resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after `package`");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Path logs = ServiceProcess.projectDir().resolve("target/it-logs/cli");
        Files.createDirectories(logs);
        int n = RUNS.incrementAndGet();
        Path out = logs.resolve(n + "-out.txt");
        Path err = logs.resolve(n + "-err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("opwb " + String.join(" ", args) + " did not exit within " + LIMIT + "; " + err);
        }
        return new CommandRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * The command's own last line on stderr ("opwb <command>: why"), where it says why it refused; the
     * application's log lines (its shutdown's among them, which may come after it) are not the command's.
     */
    String lastErrorLine() {
        List<String> lines = err.lines().filter(l -> l.startsWith("opwb ")).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
