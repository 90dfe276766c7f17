package io.cascadelab.netmgr.propagation;

import io.cascadelab.contracts.InstanceEvent;

/**
 * One network state change waiting for, or being given to, a propagation worker.
 *
 * @param event   what happened to the instance
 * @param version the configuration version the droplet is told (the event's Kafka offset + 1: rises per instance,
 *                survives restarts)
 */
public final class Change {

    private final InstanceEvent event;
    private final long version;
    private volatile boolean superseded;
    private volatile boolean fannedOut;
    private volatile java.time.Instant notBefore = java.time.Instant.MIN;

    public Change(InstanceEvent event, long version) {
        this.event = event;
        this.version = version;
    }

    public InstanceEvent event() {
        return event;
    }

    public long version() {
        return version;
    }

    boolean launch() {
        return event.kind() == InstanceEvent.Kind.LAUNCHED;
    }

    /** The instance was terminated before this launch's configuration was applied: it is no longer wanted. */
    boolean superseded() {
        return superseded;
    }

    void supersede() {
        superseded = true;
    }

    /** The network devices already have it; only the droplet is left (after a deferral). */
    boolean fannedOut() {
        return fannedOut;
    }

    void fannedOut(boolean done) {
        fannedOut = done;
    }

    /** A deferred change is not taken again before this wall instant. */
    java.time.Instant notBefore() {
        return notBefore;
    }

    void deferUntil(java.time.Instant wall) {
        notBefore = wall;
    }
}
