package io.cascadelab.nlb.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.cascadelab.nlb.NlbMetrics;
import io.cascadelab.nlb.NlbProperties;
import io.cascadelab.nlb.proxy.DataPlaneNode;
import io.cascadelab.nlb.target.Target;
import io.cascadelab.nlb.target.TargetGroup;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.TimeScale;

/**
 * The health-check subsystem. Every tick it queues the checks that fell due — each target
 * ({@code GET {droplets}/instances/{id}/health}) and each data-plane node ({@code GET http://node/__nlb/health})
 * — for a fixed pool of workers; then it decides each AZ's health and lets {@link AzFailover} decide DNS.
 *
 * <p>Capacity is finite: a check holds a worker for the seeded check cost plus the request, and a check fails
 * when its answer is not in {@code timeout} after it fell due, queueing included. Failing and out-of-service
 * targets are re-checked every {@code failingInterval} instead of {@code interval}, so every target that fails
 * adds load; past the workers' capacity the queue grows, answers come later, and checks of targets that are fine
 * time out too. Nothing here knows why a target fails.
 */
public final class HealthChecker implements AutoCloseable {

    private final NlbProperties.Health config;
    private final NlbProperties.Failover failoverConfig;
    private final TimeScale scale;
    private final Clock wall;
    private final IncidentClock incident;
    private final TargetGroup targets;
    private final List<DataPlaneNode> nodes;
    private final URI droplets;
    private final HttpClient http;
    private final FaultHook faults;
    private final SplittableRandom random;
    private final NlbMetrics metrics;
    private final AzFailover failover;
    private final Consumer<List<String>> onDnsChange;
    private final CheckOrigin checkFrom;
    private final ThreadPoolExecutor workers;
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private final Map<String, NodeHealth> nodeHealth = new ConcurrentHashMap<>();

    /**
     * @param checkFrom   the checker host each check runs from
     * @param onDnsChange called with the AZs in DNS whenever failover changes them
     */
    public HealthChecker(NlbProperties.Health config, NlbProperties.Failover failoverConfig, IncidentClock incident,
                         TargetGroup targets, List<DataPlaneNode> nodes, URI droplets, HttpClient http,
                         FaultHook faults, SplittableRandom random, NlbMetrics metrics, AzFailover failover,
                         CheckOrigin checkFrom, Consumer<List<String>> onDnsChange) {
        this.config = config;
        this.failoverConfig = failoverConfig;
        this.scale = incident.scale();
        this.wall = incident.wall();
        this.incident = incident;
        this.targets = targets;
        this.nodes = List.copyOf(nodes);
        this.droplets = droplets;
        this.http = http;
        this.faults = faults;
        this.random = random;
        this.metrics = metrics;
        this.failover = failover;
        this.checkFrom = checkFrom;
        this.onDnsChange = onDnsChange;
        AtomicInteger counter = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "nlb-checker-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        nodes.forEach(node -> nodeHealth.put(node.az(), new NodeHealth()));
    }

    /** One tick: queue what fell due, forget what left, decide AZ health and DNS. */
    public void tick() {
        Instant now = wall.instant();
        for (DataPlaneNode node : nodes) {
            due("node:" + node.az(), now, () -> checkNode(node));
        }
        for (Target target : targets.all()) {
            due("target:" + target.instanceId(), now, () -> checkTarget(target));
        }
        schedules.keySet().removeIf(key -> key.startsWith("target:")
                && targets.get(key.substring("target:".length())).isEmpty());
        decide();
    }

    /** Re-evaluates AZ health and DNS membership now (also after the runbook toggles failover). */
    public synchronized void decide() {
        Map<String, Boolean> healthy = new LinkedHashMap<>();
        for (DataPlaneNode node : nodes) {
            healthy.put(node.az(), azHealthy(node.az()));
        }
        var before = failover.inDns();
        List<String> removed = failover.decide(healthy, incident.now());
        removed.forEach(metrics::failover);
        if (!failover.inDns().equals(before)) {
            onDnsChange.accept(failover.inDnsOrdered());
        }
    }

    /** A node is healthy when it answers and its AZ has enough targets in service. */
    public boolean azHealthy(String az) {
        NodeHealth node = nodeHealth.get(az);
        return node != null && node.up() && targets.inService(az) >= failoverConfig.minHealthyTargets();
    }

    public boolean nodeUp(String az) {
        NodeHealth node = nodeHealth.get(az);
        return node != null && node.up();
    }

    public int queued() {
        return workers.getQueue().size();
    }

    public int busy() {
        return workers.getActiveCount();
    }

    private void due(String key, Instant now, Runnable check) {
        Schedule schedule = schedules.computeIfAbsent(key, k -> new Schedule(now.plus(spread())));
        synchronized (schedule) {
            if (schedule.pending || now.isBefore(schedule.nextDue)) {
                return;
            }
            schedule.pending = true;
        }
        Instant deadline = now.plus(scale.toWall(config.timeout()));
        try {
            workers.execute(() -> {
                boolean passed = false;
                Instant done = now;
                try {
                    passed = run(check, now, deadline);
                    done = wall.instant();
                } finally {
                    synchronized (schedule) {
                        schedule.pending = false;
                        schedule.nextDue = done.plus(scale.toWall(schedule.suspect || !passed
                                ? config.failingInterval() : config.interval()));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.checkSkipped();
            synchronized (schedule) {
                schedule.pending = false;
            }
        }
    }

    private final ThreadLocal<Check> current = new ThreadLocal<>();

    /**
     * Runs one check on a worker: the checker's own work, then the request, against the deadline. The request
     * leaves from a checker host; one without its network state yet (the droplet answers its health with
     * {@code NoNetwork}) cannot reach anything, so the check fails however healthy the node or target is.
     */
    private boolean run(Runnable check, Instant due, Instant deadline) {
        sleep(cost());
        Check c = new Check(due, deadline);
        Optional<String> host = checkFrom.next();
        if (host.isPresent()) {
            int status = status(droplets.resolve("/instances/" + host.get() + "/health"), deadline);
            c.stoppedOnHost = status != 200; // no network state (503), gone (404), or out of time
            if (status == 503) {
                metrics.checkFromHostWithoutNetwork();
            }
            if (status == 404) {
                checkFrom.gone(host.get());
            }
        }
        current.set(c);
        try {
            check.run();
        } finally {
            current.remove();
        }
        metrics.checked(Duration.between(due, wall.instant()));
        return c.passed;
    }

    private void checkTarget(Target target) {
        Check c = current.get();
        boolean passed = !c.stoppedOnHost
                && probe(droplets.resolve("/instances/" + target.instanceId() + "/health"), c.deadline);
        c.passed = passed;
        targets.record(target, passed, wall.instant());
        Schedule schedule = schedules.get("target:" + target.instanceId());
        if (schedule != null) {
            synchronized (schedule) {
                schedule.suspect = !target.inService();
            }
        }
    }

    private void checkNode(DataPlaneNode node) {
        Check c = current.get();
        boolean passed = !c.stoppedOnHost && probe(node.healthUri(), c.deadline);
        c.passed = passed;
        NodeHealth health = nodeHealth.get(node.az());
        if (health.record(passed, config.unhealthyThreshold(), config.healthyThreshold())) {
            metrics.flip(node.az(), health.up());
        }
        Schedule schedule = schedules.get("node:" + node.az());
        synchronized (schedule) {
            schedule.suspect = !health.up();
        }
    }

    /** 200 before the deadline passes; anything else (error, refusal, late answer) is a failure. */
    private boolean probe(URI uri, Instant deadline) {
        return status(uri, deadline) == 200;
    }

    /** The answer's status, or -1 for no answer before the deadline (waiting in the queue included). */
    private int status(URI uri, Instant deadline) {
        Duration remaining = Duration.between(wall.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            return -1; // it waited in the queue past its timeout
        }
        try {
            faults.beforeEgress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(remaining).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return wall.instant().isAfter(deadline) ? -1 : response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * A new target's (or node's) first check falls at a seeded point within one failing interval, as a real checker
     * spreads its checks: targets registered together do not all fall due on the same tick.
     */
    private Duration spread() {
        double factor;
        synchronized (random) {
            factor = random.nextDouble();
        }
        return scale.toWall(Duration.ofNanos((long) (config.failingInterval().toNanos() * factor)));
    }

    private Duration cost() {
        double factor;
        synchronized (random) {
            factor = 0.5 + random.nextDouble();
        }
        return scale.toWall(Duration.ofNanos((long) (config.checkCost().toNanos() * factor)));
    }

    private static void sleep(Duration wall) {
        try {
            Thread.sleep(wall.toMillis(), (int) (wall.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private static final class Schedule {
        boolean pending;
        boolean suspect = true;
        Instant nextDue;

        Schedule(Instant firstDue) {
            this.nextDue = firstDue;
        }
    }

    private static final class Check {
        final Instant due;
        final Instant deadline;
        boolean stoppedOnHost;
        boolean passed;

        Check(Instant due, Instant deadline) {
            this.due = due;
            this.deadline = deadline;
        }
    }

    /** A node starts in service; thresholds as for targets. */
    private static final class NodeHealth {
        private boolean up = true;
        private int passes;
        private int failures;

        synchronized boolean up() {
            return up;
        }

        synchronized boolean record(boolean passed, int unhealthyThreshold, int healthyThreshold) {
            if (passed) {
                passes++;
                failures = 0;
                if (!up && passes >= healthyThreshold) {
                    up = true;
                    return true;
                }
            } else {
                failures++;
                passes = 0;
                if (up && failures >= unhealthyThreshold) {
                    up = false;
                    return true;
                }
            }
            return false;
        }
    }
}
