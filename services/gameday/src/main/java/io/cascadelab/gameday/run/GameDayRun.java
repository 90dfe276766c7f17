package io.cascadelab.gameday.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.runbook.RunbookExecutor;
import io.cascadelab.gameday.scenario.Scenario;
import io.cascadelab.gameday.scenario.Scenarios;
import io.cascadelab.gameday.signal.SignalSampler;
import io.cascadelab.platform.time.TimeScale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One game day: applies the scenario's chaos on schedule, samples the fleet's signals, names what the
 * mechanisms do, performs the automatic operator's actions at AWS's offsets from the detected T+0, and
 * ends when the scenario's end events have all been seen (or at its timeout). Faults are always lifted at
 * the end, on abort, and when gameday stops.
 */
public final class GameDayRun {

    private static final Logger log = LoggerFactory.getLogger(GameDayRun.class);

    /** Everything that describes the run in the report header. */
    public record Identity(String id, Scenario scenario, String mode, String operator, long seed, double timeScale) {
    }

    private final Identity identity;
    private final Scenarios scenarios;
    private final LocalChaosRunner chaos;
    private final RunbookExecutor runbooks;
    private final SignalSampler sampler;
    private final PhaseDetector detector;
    private final TimeScale scale;
    private final Clock wall;
    private final Consumer<GameDayRun> onEnd;

    private final java.util.concurrent.ExecutorService operatorThread =
            java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "gameday-operator");
                thread.setDaemon(true);
                return thread;
            });
    private final Instant startedAt;
    private final List<GameDayView.Event> events = new ArrayList<>();
    private final Map<String, List<double[]>> signals = new LinkedHashMap<>();
    private final Map<String, List<String>> appliedExperiments = new LinkedHashMap<>();
    private final Map<Integer, Double> chaosAppliedAt = new LinkedHashMap<>();
    private final Set<Integer> chaosDone = new HashSet<>();
    private final Set<Integer> operatorDone = new HashSet<>();
    /** What the run came to: running, then finished or aborted the moment it ends. */
    private volatile String outcome = "running";
    private final AtomicInteger operatorActionsUnderWay = new AtomicInteger();
    /** Set once faults are lifted and the report is written: only then is the run over to anyone outside. */
    private volatile boolean over;
    private volatile double lastSampleSeconds;
    private volatile Double t0;
    private volatile Double steadyAt;
    private static final Duration WARM_UP_LIMIT = Duration.ofMinutes(3);
    /** How long (incident time) the steady state must hold before chaos starts. */
    static final Duration STEADY_FOR = Duration.ofMinutes(5);
    private Double steadySince;
    private Double lastEc2Rate;

    public GameDayRun(Identity identity, Scenarios scenarios, LocalChaosRunner chaos, RunbookExecutor runbooks,
                      SignalSampler sampler, PhaseDetector detector, TimeScale scale, Clock wall,
                      Consumer<GameDayRun> onEnd) {
        this.identity = identity;
        this.scenarios = scenarios;
        this.chaos = chaos;
        this.runbooks = runbooks;
        this.sampler = sampler;
        this.detector = detector;
        this.scale = scale;
        this.wall = wall;
        this.onEnd = onEnd;
        this.startedAt = wall.instant();
        SignalNames.ALL.forEach(name -> signals.put(name, new ArrayList<>()));
    }

    /** The warm-up is over (steady, or given up on): chaos has started. */
    public boolean steady() {
        return steadyAt != null;
    }

    public Identity identity() {
        return identity;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /**
     * The run's status as readers outside see it: {@code running}, {@code ending} while faults are lifted
     * and the report is written, then {@code finished} or {@code aborted} once the report exists (the CLI
     * and tests read the report as soon as they see one of those).
     */
    public String status() {
        if (over) {
            return outcome;
        }
        return ticking() ? "running" : "ending";
    }

    /** {@code finished} or {@code aborted} once the run has ended (before its report is written), else {@code running}. */
    public String outcome() {
        return outcome;
    }

    /** True until the run has ended and its report is written. */
    public boolean running() {
        return !over;
    }

    private boolean ticking() {
        return outcome.equals("running");
    }

    /** Incident seconds since the run started. */
    public double now() {
        return scale.toIncident(Duration.between(startedAt, wall.instant())).toMillis() / 1000.0;
    }

    /** Records an operator action (whoever ran it: the automatic operator, the console, the CLI). */
    public synchronized void runbookRan(RunbookExecutor.Result result) {
        Map<String, String> details = new LinkedHashMap<>();
        if (result.argument() != null) {
            details.put("argument", result.argument());
        }
        details.put("ok", Boolean.toString(result.ok()));
        details.put("result", result.summary());
        if (result.runbook().equals("ec2-throttle") && result.argument() != null) {
            double rate = Double.parseDouble(result.argument());
            if (lastEc2Rate != null && rate > lastEc2Rate) {
                details.put("intent", "relax");
                detector.relaxationStarted();
            }
            lastEc2Rate = rate;
        }
        if (result.runbook().equals("ec2-unthrottle")) {
            detector.relaxationStarted();
        }
        double startedSecondsAgo = scale.toIncident(Duration.between(result.startedAt(), wall.instant())).toMillis() / 1000.0;
        event("operator", "runbook." + result.runbook(), Math.max(0, now() - startedSecondsAgo), details);
    }

    /** One step: chaos due, a sample, detection, operator actions due, the end. Called about once a wall second. */
    public synchronized void tick() {
        if (!ticking()) {
            return;
        }
        double t = now();
        double minutes = (t - lastSampleSeconds) / 60.0;
        lastSampleSeconds = t;
        Map<String, Double> sample = sampler.sample(minutes);
        if (steadyAt == null) {
            warmUp(t, sample);
        }
        if (steadyAt != null) {
            applyDueChaos(t);
        }
        sample.forEach((name, value) -> {
            List<double[]> series = signals.get(name);
            if (series != null && !Double.isNaN(value)) {
                series.add(new double[] {t, value});
            }
        });
        // Detection starts with the steady state: what a fleet does while it boots is not the incident.
        for (PhaseDetector.Detected found : steadyAt == null ? List.<PhaseDetector.Detected>of() : detector.observe(t, sample)) {
            event("mechanism", found.name(), found.seconds(), found.details());
            if (t0 == null && found.name().equals(identity.scenario().t0())) {
                t0 = found.seconds();
            }
        }
        liftFinishedChaos(t);
        if (identity.operator().equals("auto")) {
            operate(t);
        }
        if (timedOut(t)) {
            end("finished (timeout)");
        } else if (finished()) {
            end("finished");
        }
    }

    /**
     * Chaos waits until the fleet is in its steady state, as a region is before an incident: the regional
     * name answers, every droplet is leased, the load balancer's targets are all in service and nothing was
     * just taken out of service (its first targets fail their first checks until their network state lands),
     * every instance answered the scrape, and all of it for {@link #STEADY_FOR} of incident time. One sample
     * is not enough: a target registered in service has not been checked yet, and a scrape that missed the
     * NLB or two DWFMs (cold JVMs answer their first scrape slowly) looked like a settled fleet. A fleet that
     * does not settle within {@link #WARM_UP_LIMIT} (wall) gets its chaos anyway, and the timeline says so.
     */
    private void warmUp(double t, Map<String, Double> sample) {
        double answers = sample.getOrDefault(SignalNames.DNS_ANSWERS, Double.NaN);
        double active = sample.getOrDefault(SignalNames.LEASES_ACTIVE, Double.NaN);
        double total = sample.getOrDefault(SignalSampler.LEASES_TOTAL, Double.NaN);
        double targets = sample.getOrDefault(SignalSampler.NLB_TARGETS, Double.NaN);
        double healthy = sample.getOrDefault(SignalNames.HEALTHY_TARGETS, Double.NaN);
        double missing = sample.getOrDefault(SignalSampler.INSTANCES_MISSING, 0.0);
        // Unknown is not steady: every fleet the launcher starts has DWFMs and an NLB, so a missing signal is an
        // instance not answering yet.
        boolean steady = answers > 0 && missing == 0
                && total > 0 && active >= total
                && targets > 0 && healthy >= targets && sample.getOrDefault(SignalSampler.FLIPS_OUT, 0.0) == 0;
        if (steady && steadySince == null) {
            steadySince = t;
        } else if (!steady) {
            steadySince = null;
        }
        if (steadySince != null && t - steadySince >= STEADY_FOR.toSeconds()) {
            steadyAt = t;
            event("mechanism", "fleet.steady", t, Map.of("since", String.valueOf(Math.round(steadySince))));
        } else if (Duration.between(startedAt, wall.instant()).compareTo(WARM_UP_LIMIT) > 0) {
            steadyAt = t;
            event("mechanism", "fleet.not-steady", t, Map.of("answers", String.valueOf(answers),
                    "leasesActive", String.valueOf(active), "leasesTotal", String.valueOf(total),
                    "nlbTargets", String.valueOf(targets), "nlbHealthyTargets", String.valueOf(healthy),
                    "instancesMissing", String.valueOf(missing)));
        }
    }

    private void applyDueChaos(double t) {
        List<Scenario.ChaosStep> steps = identity.scenario().chaos();
        for (int i = 0; i < steps.size(); i++) {
            Scenario.ChaosStep step = steps.get(i);
            if (chaosAppliedAt.containsKey(i) || t < steadyAt + step.at().toSeconds()) {
                continue;
            }
            chaosAppliedAt.put(i, t);
            try {
                List<String> names = chaos.apply(scenarios.manifest(step.manifest())).stream()
                        .map(LocalChaosRunner.Active::name).toList();
                appliedExperiments.put(step.manifest(), names);
                event("chaos", "chaos.applied", t, Map.of("manifest", step.manifest(), "experiments", String.join(",", names)));
            } catch (RuntimeException e) {
                event("chaos", "chaos.failed", t, Map.of("manifest", step.manifest(), "error", String.valueOf(e.getMessage())));
            }
            if (t0 == null && identity.scenario().t0().equals("chaos")) {
                t0 = t;
            }
        }
    }

    private void liftFinishedChaos(double t) {
        List<Scenario.ChaosStep> steps = identity.scenario().chaos();
        for (int i = 0; i < steps.size(); i++) {
            Scenario.ChaosStep step = steps.get(i);
            Double appliedAt = chaosAppliedAt.get(i);
            if (appliedAt == null || chaosDone.contains(i)) {
                continue;
            }
            boolean over = (step.until() != null && hasEvent(step.until()))
                    || (step.lasting() != null && t - appliedAt >= step.lasting().toSeconds());
            if (over) {
                chaosDone.add(i);
                appliedExperiments.getOrDefault(step.manifest(), List.of()).forEach(chaos::remove);
                event("chaos", "chaos.lifted", t, Map.of("manifest", step.manifest()));
            }
        }
    }

    private void operate(double t) {
        if (t0 == null) {
            return;
        }
        List<Scenario.OperatorStep> steps = identity.scenario().operator();
        for (int i = 0; i < steps.size(); i++) {
            Scenario.OperatorStep step = steps.get(i);
            if (operatorDone.contains(i) || t - t0 < step.at().toSeconds()) {
                continue;
            }
            operatorDone.add(i);
            if (step.when() != null && !hasEvent(step.when())) {
                event("operator", "operator.skipped", t, Map.of("runbook", step.runbook(),
                        "reason", step.when() + " not seen"));
                continue;
            }
            // One action after another, in the scenario's order (a restart before the throttle that must
            // survive it); the executor's listener records each on the timeline.
            operatorActionsUnderWay.incrementAndGet();
            operatorThread.execute(() -> {
                try {
                    runbooks.run(step.runbook(), step.argument());
                } catch (RuntimeException e) {
                    log.warn("automatic operator: {} failed: {}", step.runbook(), e.getMessage());
                } finally {
                    operatorActionsUnderWay.decrementAndGet();
                }
            });
        }
    }

    /**
     * The timeout counts from T+0 once it is known (the incident's length), from the chaos's start (the end
     * of warm-up) until then.
     */
    private boolean timedOut(double t) {
        if (steadyAt == null) {
            return false;
        }
        return (t0 == null ? t - steadyAt : t - t0) >= identity.scenario().end().timeout().toSeconds();
    }

    private boolean finished() {
        boolean operatorDoneAll = !identity.operator().equals("auto")
                || operatorDone.size() == identity.scenario().operator().size();
        // An action's effect can be seen before the action returns (DNS restored by the first enactor while
        // the runbook still waits for the others): the run ends only once the operator's actions are done, so
        // that ending it does not interrupt one and every action is on the timeline.
        return operatorDoneAll && operatorActionsUnderWay.get() == 0 && !identity.scenario().end().events().isEmpty()
                && identity.scenario().end().events().stream().allMatch(this::hasEvent);
    }

    private boolean hasEvent(String name) {
        return events.stream().anyMatch(event -> event.name().equals(name));
    }

    /** Stops the run: faults lifted, status set, the report written by whoever listens. */
    public void end(String how) {
        synchronized (this) {
            if (!ticking()) {
                return;
            }
            outcome = how.startsWith("finished") ? "finished" : "aborted";
            event("operator", "run." + outcome, now(), Map.of("how", how));
        }
        try {
            operatorThread.shutdownNow();
            try {
                chaos.clear();
            } catch (RuntimeException e) {
                log.warn("lifting faults at the end of {} failed: {}", identity.id(), e.getMessage());
            }
            log.atInfo().addKeyValue("run", identity.id()).addKeyValue("status", outcome).log("game day {} {}", identity.id(), how);
            onEnd.accept(this);
        } finally {
            over = true;
        }
    }

    private void event(String kind, String name, double seconds, Map<String, String> details) {
        events.add(new GameDayView.Event(kind, name, seconds, Map.copyOf(details)));
        events.sort(java.util.Comparator.comparingDouble(GameDayView.Event::seconds));
        log.atInfo().addKeyValue("run", identity.id()).addKeyValue("kind", kind).addKeyValue("event", name)
                .addKeyValue("incidentSeconds", Math.round(seconds)).log("{} {}", kind, name);
    }

    public synchronized List<GameDayView.Event> events() {
        return List.copyOf(events);
    }

    public Double t0() {
        return t0;
    }

    public synchronized Map<String, List<double[]>> signals() {
        Map<String, List<double[]>> copy = new LinkedHashMap<>();
        signals.forEach((name, series) -> copy.put(name, List.copyOf(series)));
        return copy;
    }

    public List<GameDayView.Phase> phases() {
        return Phases.measure(events(), t0);
    }

    public GameDayView.Run view() {
        return new GameDayView.Run(identity.id(), identity.scenario().name(), identity.mode(), identity.operator(),
                identity.seed(), identity.timeScale(), status(), now(), t0);
    }
}
