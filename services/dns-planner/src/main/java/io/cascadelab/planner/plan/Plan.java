package io.cascadelab.planner.plan;

import java.time.Instant;
import java.util.List;

/**
 * One plan generation: for every endpoint, the load-balancer addresses it should resolve to and their
 * weights. A plan says nothing about who applies it or when.
 *
 * @param generation strictly increasing; never reused, also across planner restarts
 * @param createdAt  incident-clock instant the planner wrote it
 * @param endpoints  every endpoint the plan covers, in a stable order (regional, FIPS, IPv6, accounts)
 */
public record Plan(long generation, Instant createdAt, List<Endpoint> endpoints) {

    /**
     * @param name    fully qualified endpoint name without the trailing dot, e.g. {@code dynamodb.us-east-1.cascade.test}
     * @param type    {@code A} or {@code AAAA}
     * @param targets the nodes serving it; never empty
     */
    public record Endpoint(String name, String type, List<Target> targets) {
    }

    /** @param weight relative share of traffic, 1..255, from the node's announced capacity */
    public record Target(String nodeId, String az, String address, int weight) {
    }

    /** The summary the store lists. */
    public record Summary(long generation, Instant createdAt, int endpoints) {
    }
}
