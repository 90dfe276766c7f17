package io.cascadelab.dwfm.work;

import java.time.Duration;

import io.cascadelab.platform.time.TimeScale;

/**
 * The operators' throttle on new lease work: at most {@code perMinute} establishments admitted per
 * incident minute, paced (a bucket of one), so admitted work never piles up behind itself.
 */
public final class IntakeLimit {

    private final TimeScale scale;
    private volatile double perMinute;
    private double tokens;
    private long last;

    public IntakeLimit(TimeScale scale) {
        this.scale = scale;
    }

    /** @param perMinute establishments per incident minute; 0 lifts the limit */
    public synchronized void set(double perMinute, long now) {
        this.perMinute = perMinute;
        this.tokens = Math.min(1, perMinute);
        this.last = now;
    }

    public double perMinute() {
        return perMinute;
    }

    public synchronized boolean tryAcquire(long now) {
        if (perMinute <= 0) {
            return true;
        }
        double minutes = scale.toIncident(Duration.ofMillis(Math.max(0, now - last))).toNanos() / 60e9;
        // Callers' clocks were read at slightly different moments (the tick, a worker, a timer): never step back,
        // or the same interval would be credited twice.
        last = Math.max(last, now);
        tokens = Math.min(1, tokens + minutes * perMinute);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
