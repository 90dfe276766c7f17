package io.cascadelab.gameday.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cascadelab.gameday.run.GameDayView;
import io.cascadelab.gameday.run.Phases;

/**
 * A game day in phase 4 whose NLB failover runbook really changes what the console shows: disabling it
 * records the operator action, ends the flapping phase and brings the third AZ back into DNS.
 */
class FakeGameDay implements GameDayView {

    private final List<Event> events = new ArrayList<>(List.of(
            new Event("mechanism", "dns.regional.empty", 600, Map.of()),
            new Event("mechanism", "nlb.flapping", 21000, Map.of())));
    private final List<double[]> azsInDns = new ArrayList<>(List.of(new double[] {20000, 3}, new double[] {21500, 2}));
    private volatile boolean failoverDisabled;
    volatile int runbookCalls;

    @Override
    public synchronized ConsoleState state() {
        List<Phase> phases = Phases.ALL.stream().map(d -> switch (d.id()) {
            case "4-nlb-flapping" -> new Phase(d.id(), d.name(), true, d.kind(), 20400.0,
                    failoverDisabled ? 21600.0 : null, d.awsStart(), d.awsLength());
            default -> new Phase(d.id(), d.name(), false, d.kind(), null, null, d.awsStart(), d.awsLength());
        }).toList();
        return new ConsoleState(new Run("test-run", "nlb-flap", "incident", "manual", 1, 60, "running", 22000, 600.0),
                failoverDisabled ? null : "4-nlb-flapping", phases, List.copyOf(events),
                Map.of("azsInDns", List.copyOf(azsInDns)),
                List.of(new Fault("network-manager-latency", "NetworkChaos", List.of("network-manager"))),
                List.of(new RunbookInfo("nlb-failover", "Disable or enable NLB automatic failover", "disable|enable"),
                        new RunbookInfo("dwfm-throttle", "Limit DWFM intake", "rate")));
    }

    @Override
    public synchronized RunbookOutcome runbook(String name, String argument) {
        runbookCalls++;
        if (!name.equals("nlb-failover") && !name.equals("dwfm-throttle")) {
            throw new IllegalArgumentException("unknown runbook '" + name + "'");
        }
        if (name.equals("nlb-failover")) {
            if (!"disable".equals(argument) && !"enable".equals(argument)) {
                throw new IllegalArgumentException("runbook nlb-failover: expected disable or enable, got '" + argument + "'");
            }
            failoverDisabled = argument.equals("disable");
            events.add(new Event("operator", "runbook.nlb-failover", 21600, Map.of("argument", argument)));
            azsInDns.add(new double[] {21600, failoverDisabled ? 3 : 2});
        }
        return new RunbookOutcome(name, true, "nlb ok");
    }
}
