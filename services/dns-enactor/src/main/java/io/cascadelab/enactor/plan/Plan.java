package io.cascadelab.enactor.plan;

import java.time.Instant;
import java.util.List;

/**
 * A plan as the planner's store serves it (the planner's JSON): for every endpoint, the addresses and weights.
 *
 * @param generation strictly increasing
 * @param createdAt  incident-clock instant the planner wrote it
 */
public record Plan(long generation, Instant createdAt, List<Endpoint> endpoints) {

    public Plan {
        endpoints = List.copyOf(endpoints);
    }

    /** @param type A or AAAA */
    public record Endpoint(String name, String type, List<Target> targets) {

        public Endpoint {
            targets = List.copyOf(targets);
        }

        public List<String> addresses() {
            return targets.stream().filter(t -> t.weight() > 0).map(Target::address).distinct().sorted().toList();
        }
    }

    public record Target(String nodeId, String az, String address, int weight) {
    }

    /** A store listing entry. */
    public record Summary(long generation, Instant createdAt, int endpoints) {
    }
}
