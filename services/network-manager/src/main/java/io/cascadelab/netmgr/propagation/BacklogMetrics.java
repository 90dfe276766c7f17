package io.cascadelab.netmgr.propagation;

import java.time.Clock;
import java.time.Duration;

import io.cascadelab.netmgr.intake.IntakeLimiter;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code cascade.netmgr.queue.depth}, {@code cascade.netmgr.event.age.seconds} (oldest waiting event, incident
 * seconds), {@code cascade.netmgr.intake.limit} (per incident minute, 0 = none), {@code cascade.netmgr.inflight}.
 * The intake loop registers {@code cascade.netmgr.intake.waiting} (events still in Kafka).
 */
public final class BacklogMetrics {

    private final Backlog backlog;
    private final IntakeLimiter limiter;
    private final TimeScale scale;
    private final Clock wall;

    public BacklogMetrics(Backlog backlog, IntakeLimiter limiter, TimeScale scale, Clock wall, MeterRegistry registry) {
        this.backlog = backlog;
        this.limiter = limiter;
        this.scale = scale;
        this.wall = wall;
        Gauge.builder("cascade.netmgr.queue.depth", backlog, Backlog::depth)
                .description("Network state changes admitted and waiting for a propagation worker").register(registry);
        Gauge.builder("cascade.netmgr.inflight", backlog, Backlog::inFlight)
                .description("Changes being propagated (busy workers)").register(registry);
        Gauge.builder("cascade.netmgr.event.age.seconds", this, BacklogMetrics::oldestAgeSeconds)
                .description("Age of the oldest waiting change, incident seconds").register(registry);
        Gauge.builder("cascade.netmgr.intake.limit", this, BacklogMetrics::intakeLimit)
                .description("Events admitted per incident minute (0 = no limit)").register(registry);
    }

    public double oldestAgeSeconds() {
        return backlog.oldest()
                .map(at -> Math.max(0, scale.toIncident(Duration.between(at, wall.instant())).toMillis() / 1000.0))
                .orElse(0.0);
    }

    public double intakeLimit() {
        double limit = limiter.limitPerMinute(backlog.depth());
        return Double.isInfinite(limit) ? 0 : limit;
    }
}
