package io.cascadelab.netmgr.propagation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.cascadelab.netmgr.NetworkManagerProperties;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The bounded propagation workers. Each takes the oldest change, does the manager's own fan-out to the network
 * devices (longer the more the manager holds), then tells the droplet, retrying with backoff on timeouts and
 * server errors. A 404 (the instance is gone) or a termination that arrives meanwhile ends the work.
 */
public final class Propagator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Propagator.class);
    /** Outcome of a change whose droplet had no lease: back in the backlog for later. */
    static final String DEFERRED = "deferred";

    private final Backlog backlog;
    private final DropletsNetwork droplets;
    private final NetworkManagerProperties properties;
    private final TimeScale scale;
    private final Clock wall;
    private final SplittableRandom random;
    private final MeterRegistry registry;
    private final Timer latency;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public Propagator(Backlog backlog, DropletsNetwork droplets, NetworkManagerProperties properties, TimeScale scale,
                      Clock wall, SplittableRandom random, MeterRegistry registry) {
        this.backlog = backlog;
        this.droplets = droplets;
        this.properties = properties;
        this.scale = scale;
        this.wall = wall;
        this.random = random;
        this.registry = registry;
        // wall time, like every latency metric in the fleet; the console converts with the time scale
        this.latency = Timer.builder("cascade.netmgr.propagation.latency")
                .description("From the instance's launch (or termination) event to its network state applied on (or"
                        + " removed from) the droplet")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    /**
     * Counts a change that ended without reaching a worker (a launch superseded while it waited) and, when that
     * launch had never been fanned out, its termination too: there was nothing to remove.
     */
    public void superseded(Change launch) {
        outcome("superseded");
        if (!launch.fannedOut()) {
            outcome("nothing-to-remove");
        }
    }

    private void outcome(String outcome) {
        Counter.builder("cascade.netmgr.propagations").description("Propagation work by how it ended")
                .tag("outcome", outcome).register(registry).increment();
    }

    private void work() {
        while (running) {
            Change change;
            try {
                change = backlog.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean deferred = false;
            try {
                String outcome = propagate(change);
                if (outcome.equals(DEFERRED)) {
                    deferred = true;
                    backlog.defer(change, wall.instant().plus(scale.toWall(properties.deferral())));
                }
                outcome(outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("instanceId", change.event().instanceId())
                        .log("propagation failed: {}", e.toString(), e);
                outcome("failed");
            } finally {
                if (!deferred) {
                    backlog.done(change);
                }
            }
        }
    }

    /**
     * One propagation: the fan-out to the network devices (once), then the droplet. A droplet without a lease takes
     * nothing: the change goes back to the backlog, deferred ({@link #DEFERRED}), attempts not spent — AWS's
     * "network propagation events delayed by the DWFM issue", all due at once when the leases return.
     */
    private String propagate(Change change) throws InterruptedException {
        String instanceId = change.event().instanceId();
        if (change.launch() && change.superseded()) {
            return "superseded"; // terminated while waiting: no fan-out for an instance that is gone
        }
        if (!change.fannedOut()) {
            pause(fanout());
            change.fannedOut(true);
        }
        if (!change.launch()) {
            return release(change);
        }
        Duration backoff = properties.propagation().initialBackoff();
        for (int attempt = 1; attempt <= properties.propagation().maxAttempts(); attempt++) {
            if (change.superseded()) {
                return "superseded";
            }
            DropletsNetwork.Answer answer = droplets.apply(instanceId, change.version());
            switch (answer) {
                case APPLIED -> {
                    recordLatency(change);
                    return "applied";
                }
                case NOT_LEASED -> {
                    return DEFERRED;
                }
                case GONE -> {
                    log.atInfo().addKeyValue("instanceId", instanceId).log("instance gone; configuration dropped");
                    return "gone";
                }
                case REJECTED -> {
                    log.atWarn().addKeyValue("instanceId", instanceId).log("droplets rejected the configuration");
                    return "rejected";
                }
                case RETRY -> {
                    if (attempt < properties.propagation().maxAttempts()) {
                        pause(jittered(backoff, 0.5));
                        backoff = min(backoff.multipliedBy(2), properties.propagation().maxBackoff());
                    }
                }
            }
        }
        log.atWarn().addKeyValue("instanceId", instanceId).addKeyValue("attempts", properties.propagation().maxAttempts())
                .log("giving up on propagating the configuration");
        return "failed";
    }

    /** A termination: the instance's state removed from its droplet (no droplet known: the devices were all). */
    private String release(Change change) {
        String dropletId = change.event().dropletId();
        if (dropletId == null || dropletId.isBlank()) {
            return "removed";
        }
        return switch (droplets.release(dropletId, change.event().instanceId())) {
            case APPLIED, GONE -> {
                recordLatency(change);
                yield "removed";
            }
            case NOT_LEASED -> DEFERRED;
            case REJECTED -> "rejected";
            case RETRY -> "failed"; // the devices no longer route to it; the droplet's leftover state is harmless
        };
    }

    private void recordLatency(Change change) {
        Instant at = change.event().at();
        if (at != null) {
            latency.record(Duration.between(at, wall.instant()));
        }
    }

    /** The fan-out to the network devices, longer the more the manager holds (see the README). */
    private Duration fanout() {
        Duration base = jittered(properties.deviceFanout(), properties.fanoutJitter());
        if (properties.congestionDepth() <= 0) {
            return base;
        }
        double factor = 1 + (double) backlog.held() / properties.congestionDepth();
        return Duration.ofNanos((long) (base.toNanos() * factor));
    }

    private Duration jittered(Duration mean, double spread) {
        double u;
        synchronized (random) {
            u = random.nextDouble();
        }
        return Duration.ofNanos((long) (mean.toNanos() * (1 - spread + 2 * spread * u)));
    }

    private void pause(Duration incident) throws InterruptedException {
        long nanos = scale.toWall(incident).toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < properties.workers(); i++) {
            Thread thread = new Thread(this::work, "propagation-" + (i + 1));
            thread.setDaemon(true);
            thread.start();
            workers.add(thread);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        workers.forEach(Thread::interrupt);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
