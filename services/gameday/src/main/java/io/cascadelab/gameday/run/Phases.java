package io.cascadelab.gameday.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The phases of TIMELINE.md: AWS's times, and how each is measured from a run's timeline. Starts and ends
 * are events; a phase occurred when its start was seen. Times are incident seconds since T+0.
 */
public final class Phases {

    /**
     * @param kind      what ends it: {@code mechanism} or {@code operator}
     * @param awsStart  seconds after T+0 that AWS's phase started
     * @param awsLength AWS's duration, seconds
     */
    public record Definition(String id, String name, String kind, double awsStart, double awsLength) {
    }

    public static final List<Definition> ALL = List.of(
            new Definition("1-dns", "DynamoDB DNS", "mechanism", 0, hm(2, 52)),
            new Definition("2a-lease-decay", "Lease decay", "operator", 0, hm(2, 37)),
            new Definition("2b-collapse", "Congestive collapse", "operator", hm(2, 37), hm(1, 49)),
            new Definition("2c-lease-recovery", "Lease recovery", "mechanism", hm(4, 26), hm(1, 14)),
            new Definition("3-propagation-backlog", "Propagation backlog", "mechanism", hm(5, 40), hm(5, 8)),
            new Definition("4-nlb-flapping", "NLB flapping / AZ failover", "operator", hm(5, 42), hm(4, 6)),
            new Definition("5-throttle-relaxation", "Throttle relaxation", "mechanism", hm(11, 35), hm(2, 27)));

    private Phases() {
    }

    static double hm(int hours, int minutes) {
        return hours * 3600.0 + minutes * 60.0;
    }

    /** One run's phases, from its events (seconds since the run started) and T+0 (same clock), or null. */
    public static List<GameDayView.Phase> measure(List<GameDayView.Event> events, Double t0) {
        List<GameDayView.Phase> phases = new ArrayList<>();
        double base = t0 == null ? 0 : t0;
        Optional<Double> empty = first(events, named("dns.regional.empty"));
        Optional<Double> restored = first(events, named("dns.regional.restored"));
        Optional<Double> recovered = first(events, named("dynamo.clients.recovered"));
        Optional<Double> checkinsFailing = first(events, named("dwfm.checkins.failing"));
        Optional<Double> collapse = first(events, named("dwfm.collapse"));
        Optional<Double> allLeased = first(events, named("dwfm.leases.all"));
        Optional<Double> backlog = first(events, named("netmgr.backlog"));
        Optional<Double> backlogNormal = first(events, named("netmgr.latency.normal"));
        Optional<Double> flapping = first(events, named("nlb.flapping"));
        Optional<Double> relax = first(events, e -> e.name().equals("runbook.ec2-unthrottle")
                || (e.name().equals("runbook.ec2-throttle") && "relax".equals(e.details().get("intent"))));
        Optional<Double> launchesNormal = first(events, named("ec2.launches.normal"));
        // 2b ends when operators have both throttled intake and restarted DWFM hosts after the collapse.
        Optional<Double> operatorsActed = collapse.flatMap(c -> {
            Optional<Double> throttle = firstAfter(events, named("runbook.dwfm-throttle"), c);
            Optional<Double> restart = firstAfter(events, named("runbook.dwfm-restart"), c);
            return throttle.isPresent() && restart.isPresent() ? Optional.of(Math.max(throttle.get(), restart.get()))
                    : Optional.empty();
        });
        Optional<Double> failoverOff = flapping.flatMap(f -> firstAfter(events, e -> e.name().equals("runbook.nlb-failover")
                && "disable".equals(e.details().get("argument")), f));

        phases.add(phase(0, empty, recovered, base));
        // DWFM's way back to Dynamo: the regional name answers again, or the chaos that hid it was lifted.
        Optional<Double> dynamoBack = restored.or(() -> checkinsFailing.flatMap(c -> firstAfter(events,
                named("chaos.lifted"), c)));
        phases.add(phase(1, checkinsFailing.filter(c -> dynamoBack.isEmpty() || c < dynamoBack.get()), dynamoBack, base));
        phases.add(phase(2, collapse, operatorsActed, base));
        phases.add(phase(3, operatorsActed.or(() -> collapse.isEmpty() && checkinsFailing.isPresent() ? dynamoBack
                : Optional.empty()), allLeased, base));
        phases.add(phase(4, backlog, backlogNormal, base));
        phases.add(phase(5, flapping, failoverOff, base));
        phases.add(phase(6, relax, launchesNormal, base));
        return phases;
    }

    private static GameDayView.Phase phase(int index, Optional<Double> start, Optional<Double> end, double base) {
        Definition d = ALL.get(index);
        Double startSeconds = start.map(s -> s - base).orElse(null);
        Double endSeconds = start.isPresent() ? end.filter(e -> e >= start.get()).map(e -> e - base).orElse(null) : null;
        return new GameDayView.Phase(d.id(), d.name(), start.isPresent(), d.kind(), startSeconds, endSeconds,
                d.awsStart(), d.awsLength());
    }

    private static Predicate<GameDayView.Event> named(String name) {
        return event -> event.name().equals(name);
    }

    private static Optional<Double> first(List<GameDayView.Event> events, Predicate<GameDayView.Event> test) {
        return firstAfter(events, test, Double.NEGATIVE_INFINITY);
    }

    private static Optional<Double> firstAfter(List<GameDayView.Event> events, Predicate<GameDayView.Event> test,
                                               double after) {
        return events.stream().filter(test).map(GameDayView.Event::seconds).filter(s -> s >= after).min(Double::compare);
    }
}
