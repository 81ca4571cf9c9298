package io.opwb.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as an operating-system
 * process of its own, so that a test can kill it with SIGKILL and start it again. Its console
 * output goes to a file that the test reads.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;

    private ServiceProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts faster; these runs are short. */
    private static final List<String> SHORT_RUN = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    static ServiceProcess start(String name, Map<String, String> config, Path log) throws IOException {
        return start(name, config, log, SHORT_RUN);
    }

    /** With these environment variables besides the inherited ones. */
    static ServiceProcess start(String name, Map<String, String> config, Path log, Map<String, String> environment)
            throws IOException {
        return start(name, config, log, SHORT_RUN, environment);
    }

    /** With these JVM options instead (a benchmark wants the full JIT). */
    static ServiceProcess start(String name, Map<String, String> config, Path log, List<String> jvmOptions)
            throws IOException {
        return start(name, config, log, jvmOptions, Map.of());
    }

    /** With these JVM options and these environment variables besides the inherited ones. */
    static ServiceProcess start(String name, Map<String, String> config, Path log, List<String> jvmOptions,
            Map<String, String> environment) throws IOException {
        Path jar = projectDir().resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after `package`");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new ServiceProcess(name, process, log, port);
    }

    static Path projectDir() {
        return Path.of(System.getProperty("opwb.project.dir", "."));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    int httpPort() {
        return httpPort;
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits until the output contains {@code text}; false at the deadline or if the process ended. */
    boolean awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** SIGKILL: no shutdown hooks, no lease release, nothing flushed. */
    void kill9() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
