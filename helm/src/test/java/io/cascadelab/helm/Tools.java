package io.cascadelab.helm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command-line validators (promtool, docker-compose). A missing tool fails the test with the apt
 * package that provides it: CI installs them, and a silently skipped check would prove nothing.
 */
final class Tools {

    record Result(int exitCode, String output) {
    }

    private Tools() {
    }

    static Path require(String tool, String aptPackage) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(tool + " is not installed: install the apt package '" + aptPackage + "' (apt-get install -y "
                + aptPackage + ")");
    }

    static Result run(Path workingDir, List<String> command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(command);
        Process process = new ProcessBuilder(all).directory(workingDir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return fail(String.join(" ", command) + " did not finish within 5 minutes:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
