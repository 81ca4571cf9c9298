package io.opwb.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory as Linux reports it in {@code /proc/<pid>/status}. */
final class ProcStatus {

    private ProcStatus() {
    }

    /** Resident memory now, kB. */
    static long rssKb(long pid) {
        return kb(pid, "VmRSS:");
    }

    /** Peak resident memory ("high water mark"), kB. */
    static long hwmKb(long pid) {
        return kb(pid, "VmHWM:");
    }

    /** A field in kB; 0 when the process is gone. */
    private static long kb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException gone) {
            return 0;
        }
        return 0;
    }
}
