package io.opwb.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load from Debian's {@code wrk} (apt-get install -y wrk): a fixed number of connections
 * sending GETs as fast as answers come, each request's path taken in turn from a list.
 */
final class WrkLoad {

    static final String INSTALL = "apt-get install -y wrk";

    /** What one run measured; latencies in milliseconds. */
    record Result(String name, double requestsPerSecond, double p50, double p99, long requests, long errors) {
    }

    private WrkLoad() {
    }

    static boolean installed() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor(10,
                    TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** {@code connections} connections on two threads (files named by {@code id}; {@code name} for the results) for {@code seconds} against {@code baseUrl}. */
    static Result run(String id, String name, String baseUrl, List<String> paths, int connections, int seconds,
            Path dir) throws IOException, InterruptedException {
        Path pathFile = dir.resolve(id + ".paths");
        Files.write(pathFile, paths);
        Path script = dir.resolve("paths.lua");
        Files.writeString(script, """
                -- Each thread walks the list of paths from its own random start.
                local paths = {}
                for line in io.lines(os.getenv("OPWB_PATHS")) do paths[#paths + 1] = line end
                local i = 0
                function init(args) i = math.random(#paths) end
                function request()
                  i = i % #paths + 1
                  return wrk.format("GET", paths[i])
                end
                """);
        ProcessBuilder wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), baseUrl).redirectErrorStream(true);
        wrk.environment().put("OPWB_PATHS", pathFile.toString());
        Process process = wrk.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Files.writeString(dir.resolve(id + ".wrk.txt"), out);
        return new Result(name, number(out, "Requests/sec:\\s+([0-9.]+)"), millis(out, "50%"), millis(out, "99%"),
                (long) number(out, "([0-9]+) requests in"), errors(out));
    }

    private static long errors(String out) {
        long errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)").matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)")
                .matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return errors;
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in wrk's output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A latency percentile line, e.g. {@code 99%    4.21ms}, in milliseconds. */
    private static double millis(String out, String percentile) {
        Matcher m = Pattern.compile(Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)\\b").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " latency in wrk's output: " + out);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
