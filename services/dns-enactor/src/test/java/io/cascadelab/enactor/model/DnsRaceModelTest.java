package io.cascadelab.enactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-checks {@code src/test/tla/DnsRace.tla} (DNS Planner, three independent DNS Enactors and
 * plan clean-up) with TLC. TLC ends with {@code System.exit}, so each run is a forked JVM on this
 * test's class path, with one worker (the machine has two shared cores).
 */
class DnsRaceModelTest {

    /** TLC's exit status for a violated invariant ({@code EC.ExitStatus.VIOLATION_SAFETY}). */
    private static final int TLC_INVARIANT_VIOLATED = 12;

    private static final Path SPEC_DIR = Path.of("src", "test", "tla");
    private static final String MODULE = "DnsRace";
    private static final String INVARIANT = "NoEndpointPointsAtDeletedPlan";
    private static final long TLC_TIMEOUT_SECONDS = 180;

    @TempDir
    Path work;

    @Test
    void incidentEnactorsLetAnEndpointPointAtADeletedPlan() throws Exception {
        TlcRun run = tlc("DnsRaceIncident.cfg");

        assertThat(run.exitCode).as(run.output).isEqualTo(TLC_INVARIANT_VIOLATED);
        assertThat(run.output).contains("Invariant " + INVARIANT + " is violated");

        // The counterexample is AWS's story: the regional endpoint is moved back from a newer plan
        // to an older one (the slow Enactor's stale write), and then that older plan is deleted.
        List<TraceState> trace = run.trace();
        assertThat(trace).as(run.output).hasSizeGreaterThanOrEqualTo(3);
        TraceState last = trace.get(trace.size() - 1);
        int regional = last.points.get("regional");
        assertThat(last.store).as("regional's plan is gone at the end of the trace").doesNotContain(regional);

        int overwrite = -1;
        for (int i = 1; i < trace.size(); i++) {
            if (trace.get(i).points.get("regional") < trace.get(i - 1).points.get("regional")) {
                overwrite = i;
            }
        }
        assertThat(overwrite).as("a state where an older plan overwrote a newer one on regional").isPositive();
        assertThat(trace.get(overwrite).points.get("regional")).isEqualTo(regional);
        assertThat(trace.get(overwrite).store).as("the old plan still existed when it was written").contains(regional);
        assertThat(trace.get(overwrite).action).startsWith("ApplyEndpoint");
        assertThat(last.action).startsWith("CleanupDelete");
    }

    @Test
    void fixedEnactorsNeverPointAnEndpointAtADeletedPlan() throws Exception {
        TlcRun run = tlc("DnsRaceFixed.cfg");

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output).contains("Model checking completed. No error has been found.");
        // The whole reachable state space was explored, and it is not a trivial one.
        assertThat(run.output).contains("0 states left on queue");
        assertThat(run.distinctStates()).isGreaterThan(10_000);
        // The same configuration also checks that endpoints only move forward and that the
        // endpoints converge on the newest plan.
        assertThat(Files.readString(SPEC_DIR.resolve("DnsRaceFixed.cfg")))
                .contains(INVARIANT, "GenerationsOnlyMoveForward", "EndpointsConvergeOnNewestPlan");
    }

    @Test
    void guardingCleanUpWithoutCompareAndSetStillLetsAnEndpointPointAtADeletedPlan() throws Exception {
        TlcRun run = tlc("DnsRaceCleanupGuardOnly.cfg");

        assertThat(run.exitCode).as(run.output).isEqualTo(TLC_INVARIANT_VIOLATED);
        assertThat(run.output).contains("Invariant " + INVARIANT + " is violated");
    }

    // --- running TLC -------------------------------------------------------------------------

    private TlcRun tlc(String config) throws IOException, InterruptedException {
        // TLC may write trace files next to the spec; run on a copy so src/ stays clean.
        Files.copy(SPEC_DIR.resolve(MODULE + ".tla"), work.resolve(MODULE + ".tla"));
        Files.copy(SPEC_DIR.resolve(config), work.resolve(config));
        Path log = work.resolve("tlc.out");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + work.toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"),
                "tlc2.TLC",
                "-workers", "1",
                "-deadlock",
                "-nowarning",
                "-config", config,
                "-metadir", work.resolve("states").toAbsolutePath().toString(),
                MODULE);
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TLC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("TLC did not finish within " + TLC_TIMEOUT_SECONDS + " s on " + config
                    + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("TLC " + config + " exit " + process.exitValue() + "\n" + summary(output));
        return new TlcRun(process.exitValue(), output);
    }

    private static String summary(String output) {
        StringBuilder s = new StringBuilder();
        for (String line : output.split("\\R")) {
            if (line.startsWith("Error:") || line.contains("distinct states found") || line.startsWith("Model checking")
                    || line.startsWith("The depth")) {
                s.append("  ").append(line).append('\n');
            }
        }
        return s.toString();
    }

    record TlcRun(int exitCode, String output) {

        private static final Pattern DISTINCT =
                Pattern.compile("([\\d,]+) distinct states found, ([\\d,]+) states left on queue\\.\\s*$", Pattern.MULTILINE);
        private static final Pattern STATE = Pattern.compile("^State \\d+: <(\\S+)", Pattern.MULTILINE);
        private static final Pattern POINTS = Pattern.compile("points = \\[([^\\]]*)\\]");
        private static final Pattern STORE = Pattern.compile("store = \\{([^}]*)\\}");
        private static final Pattern BINDING = Pattern.compile("(\\w+) \\|-> (\\d+)");

        long distinctStates() {
            Matcher m = DISTINCT.matcher(output);
            long last = -1;
            while (m.find()) {
                last = Long.parseLong(m.group(1).replace(",", ""));
            }
            return last;
        }

        /** The counterexample's states, as TLC printed them. */
        List<TraceState> trace() {
            List<TraceState> states = new ArrayList<>();
            Matcher header = STATE.matcher(output);
            List<int[]> spans = new ArrayList<>();
            List<String> actions = new ArrayList<>();
            while (header.find()) {
                spans.add(new int[] {header.start(), output.length()});
                actions.add(header.group(1));
            }
            for (int i = 0; i + 1 < spans.size(); i++) {
                spans.get(i)[1] = spans.get(i + 1)[0];
            }
            for (int i = 0; i < spans.size(); i++) {
                String block = output.substring(spans.get(i)[0], spans.get(i)[1]);
                Matcher p = POINTS.matcher(block);
                Matcher st = STORE.matcher(block);
                if (!p.find() || !st.find()) {
                    continue;
                }
                Map<String, Integer> points = new HashMap<>();
                Matcher b = BINDING.matcher(p.group(1));
                while (b.find()) {
                    points.put(b.group(1), Integer.parseInt(b.group(2)));
                }
                List<Integer> store = new ArrayList<>();
                for (String g : st.group(1).split(",")) {
                    if (!g.isBlank()) {
                        store.add(Integer.parseInt(g.trim()));
                    }
                }
                states.add(new TraceState(actions.get(i), points, store));
            }
            return states;
        }
    }

    record TraceState(String action, Map<String, Integer> points, List<Integer> store) {}
}
