package io.opwb.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system) used so far by the benchmark's own processes, from
 * {@code /proc/<pid>/stat}: what a benchmark's seconds went to, per process kind. Only this run's
 * processes count (the machine may run other builds' PostgreSQL and anvil): the service by its pid,
 * this run's PostgreSQL by its postmaster (with its live backends, and the time of those that ended,
 * which the postmaster collected), this run's anvils by their pids.
 */
record CpuTimes(Map<String, Double> seconds) {

    /** Clock ticks per second of {@code /proc/<pid>/stat} on Linux. */
    private static final double TICKS = 100.0;

    /** The service, PostgreSQL (its postmaster's pid) and the devnet's anvils. */
    static CpuTimes of(long servicePid, long postmasterPid, long[] anvilPids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("service", cpuSeconds(servicePid, false));
        double postgres = cpuSeconds(postmasterPid, true);
        for (ProcessHandle backend : ProcessHandle.of(postmasterPid).map(p -> p.children().toList())
                .orElse(java.util.List.of())) {
            postgres += cpuSeconds(backend.pid(), false);
        }
        seconds.put("PostgreSQL", postgres);
        double anvil = 0;
        for (long pid : anvilPids) {
            anvil += cpuSeconds(pid, false);
        }
        seconds.put("anvil", anvil);
        return new CpuTimes(seconds);
    }

    /** The postmaster of the PostgreSQL a connection is to: its backend's parent. */
    static long postmasterOf(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery("select pg_backend_pid()")) {
            r.next();
            long backend = r.getLong(1);
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElseThrow(() -> new IllegalStateException("no postmaster above backend " + backend));
        }
    }

    /** What each group used between {@code before} and this. */
    CpuTimes since(CpuTimes before) {
        Map<String, Double> delta = new LinkedHashMap<>();
        seconds.forEach((k, v) -> delta.put(k, v - before.seconds.getOrDefault(k, 0.0)));
        return new CpuTimes(delta);
    }

    /** @param children with the time of its children that ended and were waited for */
    private static double cpuSeconds(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            if (children) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime, cstime
            }
            return ticks / TICKS;
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

    /** Each group's CPU time per item (a withdrawal), in microseconds, and their sum. */
    String perItem(long items) {
        StringBuilder s = new StringBuilder();
        seconds.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(String.format("%s %.1f µs", k,
                v * 1e6 / items)));
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        return s + String.format(" — %.1f µs in all", total * 1e6 / items);
    }
}
