package io.cascadelab.gameday.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process from {@code /proc} (Linux): RSS, and PSS, which shares pages common to
 * several processes (the JDK's class data, identical service jars) among them, so a fleet's PSS adds up to
 * what the machine really spends. Zero where {@code /proc} is unavailable.
 */
final class Rss {

    private Rss() {
    }

    static long of(long pid) {
        return kilobytes(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") * 1024;
    }

    static long proportional(long pid) {
        return kilobytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:") * 1024;
    }

    private static long kilobytes(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
