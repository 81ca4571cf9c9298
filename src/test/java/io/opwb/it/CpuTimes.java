package io.opwb.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system) used so far by groups of processes on this machine, from
 * {@code /proc/<pid>/stat}: what a benchmark's seconds went to, per process kind.
 */
record CpuTimes(Map<String, Double> seconds) {

    /** Clock ticks per second of {@code /proc/<pid>/stat} on Linux. */
    private static final double TICKS = 100.0;

    /** The service (by pid), every {@code postgres} process, every {@code anvil} process. */
    static CpuTimes of(long servicePid) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("service", 0.0);
        seconds.put("PostgreSQL", 0.0);
        seconds.put("anvil", 0.0);
        ProcessHandle.allProcesses().forEach(p -> {
            String command = p.info().command().orElse("");
            String group = p.pid() == servicePid ? "service"
                    : command.endsWith("/postgres") || command.equals("postgres") ? "PostgreSQL"
                    : command.contains("anvil") ? "anvil" : null;
            if (group != null) {
                seconds.merge(group, cpuSeconds(p.pid()), Double::sum);
            }
        });
        return new CpuTimes(seconds);
    }

    /** What each group used between {@code before} and this. */
    CpuTimes since(CpuTimes before) {
        Map<String, Double> delta = new LinkedHashMap<>();
        seconds.forEach((k, v) -> delta.put(k, v - before.seconds.getOrDefault(k, 0.0)));
        return new CpuTimes(delta);
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS; // utime, stime
        } catch (java.io.IOException | RuntimeException gone) {
            return 0;
        }
    }

    String describe(double wallSeconds) {
        StringBuilder s = new StringBuilder();
        seconds.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(String.format("%s %.1f s", k, v)));
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        return s + String.format(" — %.1f of the %.1f CPU-seconds 2 cores had in %.1f s", total, 2 * wallSeconds,
                wallSeconds);
    }
}
