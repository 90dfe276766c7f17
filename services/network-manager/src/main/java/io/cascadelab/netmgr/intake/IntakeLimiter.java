package io.cascadelab.netmgr.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.cascadelab.netmgr.NetworkManagerProperties;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.time.TimeScale;

/**
 * How many events may leave Kafka for the backlog: a token bucket whose rate (per incident minute) is the smaller
 * of the fixed-mode limit, which shrinks as the backlog grows, and an operator's runbook limit. In incident mode
 * with no runbook limit, everything is admitted.
 */
public final class IntakeLimiter {

    /** The bucket holds at most one incident second's worth of admissions (and at least one): intake is smooth. */
    private static final double BURST_SECONDS = 1;

    private final Clock wall;
    private final TimeScale scale;
    private final CascadeProperties.Mode mode;
    private final NetworkManagerProperties.Intake intake;
    private Double runbookPerMinute;
    private double tokens = 1;
    private Instant refilledAt;

    public IntakeLimiter(Clock wall, TimeScale scale, CascadeProperties.Mode mode, NetworkManagerProperties.Intake intake) {
        this.wall = wall;
        this.scale = scale;
        this.mode = mode;
        this.intake = intake;
        this.refilledAt = wall.instant();
    }

    /** Admitted per incident minute at this backlog depth; infinite when nothing limits intake. */
    public synchronized double limitPerMinute(int depth) {
        double limit = Double.POSITIVE_INFINITY;
        if (mode == CascadeProperties.Mode.FIXED) {
            double shrunk = intake.maxPerMinute() * Math.max(0, 1 - (double) depth / intake.queueCeiling());
            limit = Math.max(intake.minPerMinute(), shrunk);
        }
        if (runbookPerMinute != null) {
            limit = Math.min(limit, runbookPerMinute);
        }
        return limit;
    }

    /** Takes one admission if the rate allows it now. */
    public synchronized boolean tryAdmit(int depth) {
        if (!available(depth)) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Whether one admission is available now, without taking it. */
    public synchronized boolean available(int depth) {
        double limit = limitPerMinute(depth);
        Instant now = wall.instant();
        double incidentMinutes = scale.toIncident(Duration.between(refilledAt, now)).toNanos() / 60e9;
        refilledAt = now;
        if (Double.isInfinite(limit)) {
            tokens = 1;
            return true;
        }
        double burst = Math.max(1, limit * BURST_SECONDS / 60);
        tokens = Math.min(burst, tokens + Math.max(0, incidentMinutes) * limit);
        return tokens >= 1;
    }

    /** Wall time until one admission will be available at this depth (zero if one is available now). */
    public synchronized Duration untilAvailable(int depth) {
        if (available(depth)) {
            return Duration.ZERO;
        }
        double limit = limitPerMinute(depth);
        double incidentNanos = (1 - tokens) / limit * 60e9;
        return scale.toWall(Duration.ofNanos((long) Math.ceil(incidentNanos)));
    }

    /** The operators' limit (per incident minute), or null to lift it. */
    public synchronized void runbookLimit(Double perMinute) {
        if (perMinute != null && (!(perMinute > 0) || Double.isInfinite(perMinute))) {
            throw new IllegalArgumentException("perMinute must be a positive number");
        }
        this.runbookPerMinute = perMinute;
        this.tokens = Math.min(tokens, 1);
    }

    public synchronized Double runbookLimit() {
        return runbookPerMinute;
    }

    public CascadeProperties.Mode mode() {
        return mode;
    }
}
