package io.cascadelab.gameday.run;

import java.util.List;
import java.util.Map;

/**
 * What the live console shows and what it may do: the state of the current (or last) game day, and the
 * runbook actions an operator can take from it. The console, the CLI and the automatic operator all go
 * through the same runbook executor, so a button does exactly what {@code ./cascade runbook} does.
 */
public interface GameDayView {

    /** A consistent snapshot of the current run; {@link ConsoleState#idle} when no game day has started. */
    ConsoleState state();

    /**
     * Runs an operator action now.
     *
     * @param name      a runbook name from {@link ConsoleState#runbooks()}
     * @param argument  its argument (e.g. a rate, {@code disable}), or null when it takes none
     * @throws IllegalArgumentException for an unknown runbook or a bad argument (message says which)
     */
    RunbookOutcome runbook(String name, String argument);

    /**
     * @param run       identity and progress of the run
     * @param phase     id of the phase in progress (e.g. {@code 2b-collapse}), or null
     * @param phases    every phase of TIMELINE.md, in AWS's order, with what was measured so far
     * @param events    detected mechanism events, chaos and operator actions, oldest first
     * @param signals   per signal name, samples {@code [incidentSeconds, value]} since the run started
     * @param faults    chaos experiments currently acting
     * @param runbooks  actions the console offers
     */
    record ConsoleState(Run run, String phase, List<Phase> phases, List<Event> events,
                        Map<String, List<double[]>> signals, List<Fault> faults, List<RunbookInfo> runbooks) {

        public static ConsoleState idle(List<RunbookInfo> runbooks) {
            return new ConsoleState(null, null, List.of(), List.of(), Map.of(), List.of(), runbooks);
        }
    }

    /**
     * @param status          {@code running}, {@code finished} or {@code aborted}
     * @param incidentSeconds incident seconds since the run started
     * @param t0Seconds       incident seconds (since the run started) when the regional name first went
     *                        empty — AWS's T+0 — or null before it is detected
     */
    record Run(String id, String scenario, String mode, String operator, long seed, double timeScale,
               String status, double incidentSeconds, Double t0Seconds) {
    }

    /**
     * @param kind            {@code mechanism} or {@code operator}: what ended (or will end) the phase
     * @param startSeconds    measured start, incident seconds since T+0 (null until it occurs)
     * @param endSeconds      measured end, incident seconds since T+0 (null while running or not occurred)
     * @param awsStartSeconds AWS's start, seconds since T+0
     * @param awsSeconds      AWS's duration in seconds
     */
    record Phase(String id, String name, boolean occurred, String kind, Double startSeconds, Double endSeconds,
                 double awsStartSeconds, double awsSeconds) {
    }

    /**
     * @param kind     {@code mechanism}, {@code operator} or {@code chaos}
     * @param name     e.g. {@code dns.regional.empty}, {@code runbook.restore-dns}, {@code chaos.enactor-latency}
     * @param seconds  incident seconds since the run started
     */
    record Event(String kind, String name, double seconds, Map<String, String> details) {
    }

    record Fault(String experiment, String kind, List<String> instances) {
    }

    /** @param argument null, or what the argument is: {@code rate} (a number) or {@code disable|enable} */
    record RunbookInfo(String name, String description, String argument) {
    }

    /** @param ok whether every instance it ran on accepted it; @param detail one line for the timeline */
    record RunbookOutcome(String name, boolean ok, String detail) {
    }
}
