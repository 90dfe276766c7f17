package io.cascadelab.nlb.provision;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import io.cascadelab.platform.time.IncidentClock;

/**
 * The pause after failed launches in one place (an AZ's targets, a checker host): the base doubled per failure,
 * capped, with seeded jitter of −50 %…0, so launchers that failed together do not retry together. Incident time.
 */
final class LaunchBackoff {

    private final Duration base;
    private final Duration max;
    private final IncidentClock clock;
    private final SplittableRandom random;
    private int failures;
    private Instant nextAttempt = Instant.MIN;

    LaunchBackoff(Duration base, Duration max, IncidentClock clock, SplittableRandom random) {
        this.base = base;
        this.max = max;
        this.clock = clock;
        this.random = random;
    }

    boolean ready() {
        return !clock.now().isBefore(nextAttempt);
    }

    void succeeded() {
        failures = 0;
    }

    /** @return the pause before the next attempt, before jitter */
    Duration failed() {
        failures++;
        Duration pause = base.multipliedBy(1L << Math.min(20, failures - 1));
        Duration capped = pause.compareTo(max) > 0 ? max : pause;
        double jitter;
        synchronized (random) {
            jitter = 0.5 + random.nextDouble() / 2;
        }
        nextAttempt = clock.now().plus(Duration.ofNanos((long) (capped.toNanos() * jitter)));
        return capped;
    }
}
