package io.cascadelab.netmgr.propagation;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The changes admitted from Kafka and not yet propagated, oldest first, and those being propagated. A termination
 * drops its instance's launch configuration if that is still waiting (or stops its retries if in flight): there is
 * nothing left to connect. A change its droplet could not take yet (no lease) comes back deferred: still held,
 * still counted, taken again once its time has come.
 */
public final class Backlog {

    private final java.time.Clock wall;

    public Backlog(java.time.Clock wall) {
        this.wall = wall;
    }

    /** Without deferrals' clock (tests that never defer). */
    public Backlog() {
        this(java.time.Clock.systemUTC());
    }

    private final Deque<Change> queue = new ArrayDeque<>();
    /** Launches waiting or in flight, by instance id, so a termination can find them. */
    private final Map<String, Change> launches = new HashMap<>();
    private int inFlight;

    /**
     * Admits a change; returns a launch it superseded (already removed from the queue), if any. A termination whose
     * launch was still waiting and had never been fanned out is not queued: nothing anywhere holds its state.
     */
    public synchronized Optional<Change> admit(Change change) {
        String instanceId = change.event().instanceId();
        Change dropped = null;
        if (change.launch()) {
            launches.put(instanceId, change);
        } else {
            dropped = launches.remove(instanceId);
            if (dropped != null) {
                dropped.supersede();
                if (!queue.remove(dropped)) {
                    dropped = null; // in flight: its worker sees the flag, stops and counts it
                } else if (!dropped.fannedOut()) {
                    // The launch never reached a device or its droplet: there is nothing to remove, so the
                    // termination is complete here. (Queued, it cost a full congested fan-out for nothing, and
                    // during a backlog the NLB's replacements of never-configured targets kept the backlog up.)
                    return Optional.of(dropped);
                }
            }
        }
        queue.addLast(change);
        notifyAll();
        return Optional.ofNullable(dropped);
    }

    /** The oldest change that is due, waiting until there is one. */
    synchronized Change take() throws InterruptedException {
        while (true) {
            java.time.Instant now = wall.instant();
            java.time.Instant nextDue = null;
            for (java.util.Iterator<Change> it = queue.iterator(); it.hasNext(); ) {
                Change change = it.next();
                if (!change.notBefore().isAfter(now)) {
                    it.remove();
                    inFlight++;
                    return change;
                }
                nextDue = nextDue == null || change.notBefore().isBefore(nextDue) ? change.notBefore() : nextDue;
            }
            if (nextDue == null) {
                wait();
            } else {
                wait(Math.max(1, java.time.Duration.between(now, nextDue).toMillis()));
            }
        }
    }

    /** Puts a change its droplet could not take back in line, not before {@code notBefore} (wall). */
    synchronized void defer(Change change, java.time.Instant notBefore) {
        change.deferUntil(notBefore);
        inFlight--;
        if (change.launch() && change.superseded()) {
            return; // terminated meanwhile: nothing left to configure
        }
        queue.addLast(change);
        notifyAll();
    }

    synchronized void done(Change change) {
        inFlight--;
        launches.remove(change.event().instanceId(), change);
    }

    /** Changes waiting (not counting those in flight). */
    public synchronized int depth() {
        return queue.size();
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Everything the manager holds: waiting and in flight. */
    synchronized int held() {
        return queue.size() + inFlight;
    }

    /** When the oldest waiting change happened (its event's {@code at}). */
    public synchronized Optional<Instant> oldest() {
        return queue.stream().map(c -> c.event().at()).filter(at -> at != null).min(Instant::compareTo);
    }
}
