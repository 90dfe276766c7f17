package io.cascadelab.enactor.apply;

import java.time.Duration;
import java.util.SplittableRandom;

import io.cascadelab.platform.time.TimeScale;

/**
 * Bounded exponential backoff with seeded jitter, in incident time, slept in wall time. The jitter draw is
 * in [d/2, d] so three enactors blocked by each other spread out instead of colliding again.
 */
public final class Backoff {

    /** Sleeps for a wall duration; tests substitute a faster or recording one. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration wall) throws InterruptedException;

        Pause THREAD_SLEEP = wall -> Thread.sleep(wall.toMillis(), (int) (wall.toNanos() % 1_000_000));
    }

    /** The thread was interrupted (the application is stopping) while waiting to retry. */
    public static final class Interrupted extends RuntimeException {
        Interrupted(InterruptedException cause) {
            super("interrupted while backing off", cause);
        }
    }

    private final Duration base;
    private final Duration max;
    private final TimeScale scale;
    private final SplittableRandom random;
    private final Pause pause;

    public Backoff(Duration base, Duration max, TimeScale scale, SplittableRandom random, Pause pause) {
        this.base = base;
        this.max = max;
        this.scale = scale;
        this.random = random;
        this.pause = pause;
    }

    /** The incident delay before retry number {@code attempt} (1 = first retry). */
    public synchronized Duration delay(int attempt) {
        long baseNanos = base.toNanos();
        long capped = Math.min(max.toNanos(), baseNanos << Math.min(30, Math.max(0, attempt - 1)));
        long half = capped / 2;
        return Duration.ofNanos(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }

    public void before(int attempt) {
        try {
            pause.sleep(scale.toWall(delay(attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        }
    }
}
