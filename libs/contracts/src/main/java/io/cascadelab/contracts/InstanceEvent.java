package io.cascadelab.contracts;

import java.time.Instant;

/**
 * An EC2 instance was launched on, or terminated from, a droplet.
 *
 * @param v           schema version, {@link #VERSION}
 * @param kind        what happened
 * @param instanceId  EC2-style id, e.g. {@code i-0abc…}
 * @param dropletId   the physical host
 * @param az          availability zone of the droplet
 * @param owner       the customer or service the instance belongs to (e.g. the NLB target group)
 * @param at          wall-clock instant of the event
 */
public record InstanceEvent(int v, Kind kind, String instanceId, String dropletId, String az, String owner,
                            Instant at) {

    public static final int VERSION = 1;

    public enum Kind { LAUNCHED, TERMINATED }
}
