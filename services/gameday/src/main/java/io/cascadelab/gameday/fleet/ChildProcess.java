package io.cascadelab.gameday.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process the fleet started: its output goes to its own log file and its pid is appended to the pid
 * file at once, so {@code ./cascade down} can stop it even if this JVM dies before it can.
 */
final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Path workDir, Path log, Path pidFile)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        Files.writeString(pidFile, process.pid() + " " + name + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new ChildProcess(name, process, log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, no grace: what a crash or Chaos Mesh's pod-kill does. */
    void kill() {
        process.destroyForcibly();
    }

    String exitCode() {
        return process.isAlive() ? "nothing (still running)" : "exit code " + process.exitValue();
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. Also ends its descendants. */
    void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Resident memory (RSS) in bytes, with descendants; 0 where /proc is not available. */
    long residentBytes() {
        return Rss.of(process.pid()) + process.descendants().mapToLong(child -> Rss.of(child.pid())).sum();
    }

    /** Proportional set size in bytes, with descendants. */
    long proportionalBytes() {
        return Rss.proportional(process.pid())
                + process.descendants().mapToLong(child -> Rss.proportional(child.pid())).sum();
    }
}
