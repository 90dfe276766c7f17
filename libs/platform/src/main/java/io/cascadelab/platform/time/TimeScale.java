package io.cascadelab.platform.time;

import java.time.Duration;

/**
 * Converts incident time to wall time. Every timer, TTL, lease, period and timeout in Cascade is
 * configured in incident time and passes through here, so a run keeps the incident's proportions.
 *
 * @param factor incident seconds per wall second
 */
public record TimeScale(double factor) {

    public TimeScale {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("time scale must be a positive number, got " + factor);
        }
    }

    public static final TimeScale REAL_TIME = new TimeScale(1);

    public Duration toWall(Duration incident) {
        return Duration.ofNanos(Math.round(incident.toNanos() / factor));
    }

    public Duration toIncident(Duration wall) {
        return Duration.ofNanos(Math.round(wall.toNanos() * factor));
    }

    /** Wall milliseconds for an incident duration, never less than 1 for a positive duration. */
    public long wallMillis(Duration incident) {
        long millis = toWall(incident).toMillis();
        return incident.isZero() || incident.isNegative() ? 0 : Math.max(1, millis);
    }
}
