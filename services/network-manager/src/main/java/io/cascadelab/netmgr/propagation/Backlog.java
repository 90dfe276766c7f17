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
 * nothing left to connect.
 */
public final class Backlog {

    private final Deque<Change> queue = new ArrayDeque<>();
    /** Launches waiting or in flight, by instance id, so a termination can find them. */
    private final Map<String, Change> launches = new HashMap<>();
    private int inFlight;

    /** Admits a change; returns a launch it superseded (already removed from the queue), if any. */
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
                }
            }
        }
        queue.addLast(change);
        notifyAll();
        return Optional.ofNullable(dropped);
    }

    /** The oldest change, waiting until there is one. */
    synchronized Change take() throws InterruptedException {
        while (queue.isEmpty()) {
            wait();
        }
        inFlight++;
        return queue.pollFirst();
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
