package io.cascadelab.gateway.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.cascadelab.platform.time.TimeScale;

/**
 * EC2's throttling algorithm: a bucket of {@code burst} tokens refilled at {@code perSecond} per incident second;
 * each request takes one or is refused. Refill is computed from the injected wall clock through the time scale,
 * so an operator's "2 per second" means 2 per incident second at any scale.
 */
public final class TokenBucket {

    private final Clock wall;
    private final TimeScale scale;
    private double perSecond;
    private double burst;
    private double tokens;
    private Instant refilledAt;

    public TokenBucket(Clock wall, TimeScale scale, double perSecond, int burst) {
        this.wall = wall;
        this.scale = scale;
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = wall.instant();
    }

    /** Takes a token if there is one; always succeeds while the bucket is unlimited ({@code perSecond == 0}). */
    public synchronized boolean tryAcquire() {
        refill();
        if (perSecond <= 0) {
            return true;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Changes the rate at run time. Tokens already in the bucket are capped at the new size, so tightening bites
     * at once instead of after a full old bucket has been spent.
     */
    public synchronized void set(double perSecond, int burst) {
        if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond) || burst < 1) {
            throw new IllegalArgumentException("perSecond must be >= 0 and burst >= 1");
        }
        refill();
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = Math.min(tokens, burst);
    }

    public synchronized double perSecond() {
        return perSecond;
    }

    public synchronized int burst() {
        return (int) burst;
    }

    private void refill() {
        Instant now = wall.instant();
        Duration wallElapsed = Duration.between(refilledAt, now);
        refilledAt = now;
        if (wallElapsed.isNegative() || wallElapsed.isZero()) {
            return;
        }
        double incidentSeconds = scale.toIncident(wallElapsed).toNanos() / 1e9;
        tokens = Math.min(burst, tokens + incidentSeconds * perSecond);
    }
}
