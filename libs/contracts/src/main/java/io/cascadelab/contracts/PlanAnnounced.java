package io.cascadelab.contracts;

import java.time.Instant;

/**
 * The DNS Planner wrote a new plan generation to its plan store.
 *
 * @param v           schema version, {@link #VERSION}
 * @param generation  strictly increasing plan generation
 * @param endpoints   number of endpoints the plan covers
 * @param createdAt   incident-clock instant the plan was created
 */
public record PlanAnnounced(int v, long generation, int endpoints, Instant createdAt) {

    public static final int VERSION = 1;
}
