package io.cascadelab.planner.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.cascadelab.contracts.DynamoNodeAnnounced;
import io.cascadelab.platform.time.TimeScale;

/**
 * The DynamoDB load-balancer fleet as the planner has heard it on Kafka. A node that stops announcing for
 * longer than the node timeout, or announces itself unhealthy, is not serving.
 */
public final class NodeRegistry {

    private final ConcurrentMap<String, DynamoNodeAnnounced> latest = new ConcurrentHashMap<>();
    private final Clock wall;
    private final TimeScale scale;
    private final Duration nodeTimeout;

    public NodeRegistry(Clock wall, TimeScale scale, Duration nodeTimeout) {
        this.wall = wall;
        this.scale = scale;
        this.nodeTimeout = nodeTimeout;
    }

    /** Keeps the newest announcement per node; an older one arriving late (replay, reordering) is ignored. */
    public void announced(DynamoNodeAnnounced node) {
        if (node.v() != DynamoNodeAnnounced.VERSION || node.nodeId() == null || node.announcedAt() == null) {
            throw new IllegalArgumentException("unsupported node announcement " + node);
        }
        latest.merge(node.nodeId(), node,
                (old, next) -> next.announcedAt().isBefore(old.announcedAt()) ? old : next);
    }

    /** Healthy nodes heard from within the node timeout, by node id. */
    public List<DynamoNodeAnnounced> serving() {
        // announcedAt is the node's wall clock; its age is converted to incident time to meet the timeout
        Duration maxWallAge = scale.toWall(nodeTimeout);
        var now = wall.instant();
        return latest.values().stream()
                .filter(DynamoNodeAnnounced::healthy)
                .filter(node -> node.capacityRps() > 0)
                .filter(node -> !node.announcedAt().plus(maxWallAge).isBefore(now))
                .sorted(Comparator.comparing(DynamoNodeAnnounced::nodeId))
                .toList();
    }
}
