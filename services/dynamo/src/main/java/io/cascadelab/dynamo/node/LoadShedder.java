package io.cascadelab.dynamo.node;

import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

import io.cascadelab.dynamo.DynamoProperties;

/**
 * A node's capacity: a token bucket on request rate (refilled continuously, one second of burst) and a cap on
 * requests in flight. A request that finds either exhausted is shed, never queued.
 */
public final class LoadShedder {

    private final int ratePerSecond;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastRefill;

    public LoadShedder(DynamoProperties.Capacity capacity, LongSupplier nanoTime) {
        this.ratePerSecond = capacity.requestsPerSecond();
        this.maxInFlight = capacity.maxInFlight();
        this.inFlight = maxInFlight > 0 ? new Semaphore(maxInFlight) : null;
        this.nanoTime = nanoTime;
        this.tokens = ratePerSecond;
        this.lastRefill = nanoTime.getAsLong();
    }

    /** Admits a request (the caller must {@link #release()} it) or returns false to shed it. */
    public boolean tryAdmit() {
        if (inFlight != null && !inFlight.tryAcquire()) {
            return false;
        }
        if (ratePerSecond > 0 && !takeToken()) {
            if (inFlight != null) {
                inFlight.release();
            }
            return false;
        }
        return true;
    }

    public void release() {
        if (inFlight != null) {
            inFlight.release();
        }
    }

    public int capacityRps() {
        return ratePerSecond;
    }

    public int inFlight() {
        return inFlight == null ? 0 : maxInFlight - inFlight.availablePermits();
    }

    private synchronized boolean takeToken() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(ratePerSecond, tokens + (now - lastRefill) * ratePerSecond / 1e9);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
