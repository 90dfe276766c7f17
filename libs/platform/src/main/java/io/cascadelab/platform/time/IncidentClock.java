package io.cascadelab.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Incident time for the whole fleet: zero at the fleet's epoch, advancing {@code scale.factor()} times
 * faster than the wall clock. Logic asks this clock, never {@code Instant.now()}, so tests can drive it.
 */
public final class IncidentClock {

    private final Clock wall;
    private final TimeScale scale;
    private final Instant epoch;

    public IncidentClock(Clock wall, TimeScale scale, Instant epoch) {
        this.wall = wall;
        this.scale = scale;
        this.epoch = epoch;
    }

    public TimeScale scale() {
        return scale;
    }

    public Clock wall() {
        return wall;
    }

    /** Incident time elapsed since the fleet's epoch. */
    public Duration sinceEpoch() {
        return scale.toIncident(Duration.between(epoch, wall.instant()));
    }

    /** Incident instant: the epoch plus incident time elapsed, useful as a timestamp in plans and reports. */
    public Instant now() {
        return epoch.plus(sinceEpoch());
    }

    /** The wall instant at which {@code incident} from now will have passed. */
    public Instant wallDeadline(Duration incident) {
        return wall.instant().plus(scale.toWall(incident));
    }
}
