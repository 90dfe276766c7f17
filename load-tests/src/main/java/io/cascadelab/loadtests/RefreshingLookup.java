package io.cascadelab.loadtests;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The customers' shared DNS cache for one name: a background thread asks {@link ZoneLookup} again each time
 * the current answer's (scaled) TTL runs out, and customers read the latest answer without waiting. Gatling
 * runs virtual users on a few event-loop threads that must never block, so the lookup cannot happen inside a
 * request; a refresh takes a millisecond against the local zone, and while one is in flight (at most the
 * lookup timeout) customers keep using the answer that just expired.
 *
 * <p>Errors are not cached: after a failed lookup the next one is asked {@code minInterval} later (also the
 * floor for a zero TTL, so a failing or TTL-0 name cannot turn this into a busy loop).
 */
public final class RefreshingLookup implements AutoCloseable {

    private final ZoneLookup lookup;
    private final String name;
    private final Clock wall;
    private final Duration minInterval;
    private final AtomicLong lookups = new AtomicLong();
    private volatile ZoneLookup.Answer current;
    private volatile boolean closed;
    private Thread thread;

    public RefreshingLookup(ZoneLookup lookup, String name, Clock wall, Duration minInterval) {
        this.lookup = lookup;
        this.name = name;
        this.wall = wall;
        this.minInterval = minInterval;
    }

    /** Asks once (so the first customer already has an answer), then keeps the answer fresh in the background. */
    public synchronized RefreshingLookup start() {
        if (thread != null) {
            return this;
        }
        refresh();
        thread = new Thread(this::run, "cascade-dns-refresh");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** The latest answer; {@link #start()} must have been called. */
    public ZoneLookup.Answer current() {
        ZoneLookup.Answer answer = current;
        if (answer == null) {
            throw new IllegalStateException("not started");
        }
        return answer;
    }

    /** Lookups asked of the server so far. */
    public long lookups() {
        return lookups.get();
    }

    public String name() {
        return name;
    }

    private void refresh() {
        current = lookup.resolve(name);
        lookups.incrementAndGet();
    }

    private void run() {
        while (!closed) {
            long untilExpiry = Duration.between(wall.instant(), current.expiresAt()).toMillis();
            try {
                Thread.sleep(Math.max(minInterval.toMillis(), untilExpiry));
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                refresh();
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
