package io.cascadelab.nlb.target;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The load balancer's targets: instances of owner {@code app}, learned from the EC2 API's answers and its
 * instance events. Health results move them in and out of service; the data plane forwards only to targets
 * in service (see {@link #pick}).
 */
public final class TargetGroup {

    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final boolean startInService;
    private final int unhealthyThreshold;
    private final int healthyThreshold;
    private final BiConsumer<String, Boolean> onFlip;
    private final AtomicLong roundRobin = new AtomicLong();

    /** @param onFlip called with the AZ and whether the target is now in service, each time it moves in or out */
    public TargetGroup(boolean startInService, int unhealthyThreshold, int healthyThreshold,
                       BiConsumer<String, Boolean> onFlip) {
        this.startInService = startInService;
        this.unhealthyThreshold = unhealthyThreshold;
        this.healthyThreshold = healthyThreshold;
        this.onFlip = onFlip;
    }

    /** Idempotent: the RunInstances answer and the LAUNCHED event both register the same instance. */
    public boolean register(String instanceId, String az, Instant at) {
        return targets.putIfAbsent(instanceId, new Target(instanceId, az, at, startInService)) == null;
    }

    public boolean deregister(String instanceId) {
        return targets.remove(instanceId) != null;
    }

    public Optional<Target> get(String instanceId) {
        return Optional.ofNullable(targets.get(instanceId));
    }

    public Collection<Target> all() {
        return targets.values();
    }

    public List<Target.View> views() {
        return targets.values().stream().map(Target::view)
                .sorted(Comparator.comparing(Target.View::az).thenComparing(Target.View::instanceId)).toList();
    }

    /** Applies one health-check result. */
    public void record(Target target, boolean passed, Instant at) {
        if (targets.get(target.instanceId()) != target) {
            return; // deregistered while its check ran
        }
        if (target.record(passed, at, unhealthyThreshold, healthyThreshold)) {
            onFlip.accept(target.az(), target.inService());
        }
    }

    /**
     * Targets out of service for at least {@code after} (by {@code now}), marked as being terminated so the next
     * look does not pick them again; {@link #terminationFailed} hands one back.
     */
    public List<Target> dueForReplacement(Instant now, java.time.Duration after) {
        return targets.values().stream()
                .filter(t -> t.outOfServiceSince() != null && !t.outOfServiceSince().plus(after).isAfter(now))
                .filter(Target::markTerminating)
                .sorted(Comparator.comparing(Target::instanceId)).toList();
    }

    /**
     * Targets whose instance has reached its seeded retirement time (registration + the group's instance lifetime),
     * not already on their way out, oldest first.
     */
    public List<Target> dueForRetirement(Instant now, java.util.function.Function<Target, Instant> retireAt) {
        return targets.values().stream()
                .filter(t -> !t.view().terminating() && !retireAt.apply(t).isAfter(now))
                .sorted(Comparator.comparing(Target::registeredAt).thenComparing(Target::instanceId)).toList();
    }

    /** Claims a target for termination; false when someone else already did. */
    public boolean markTerminating(Target target) {
        return target.markTerminating();
    }

    public void terminationFailed(Target target) {
        target.terminationFailed();
    }

    /** Targets of an AZ that count toward its size: not on their way out. */
    public int live(String az) {
        return (int) targets.values().stream().filter(t -> t.az().equals(az) && !t.view().terminating()).count();
    }

    public int count(String az) {
        return (int) targets.values().stream().filter(t -> t.az().equals(az)).count();
    }

    public int inService(String az) {
        return (int) targets.values().stream().filter(t -> t.az().equals(az) && t.inService()).count();
    }

    /**
     * The target a new connection on {@code az}'s node goes to: round robin over that AZ's targets in service
     * (no cross-zone load balancing, NLB's default). With none in service the node fails open to every target of
     * its AZ, as NLB does when all targets are unhealthy; with none at all, empty.
     */
    public Optional<Target> pick(String az) {
        List<Target> local = targets.values().stream().filter(t -> t.az().equals(az))
                .sorted(Comparator.comparing(Target::instanceId)).toList();
        List<Target> healthy = local.stream().filter(Target::inService).toList();
        List<Target> choice = healthy.isEmpty() ? local : healthy;
        if (choice.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(choice.get((int) Math.floorMod(roundRobin.getAndIncrement(), (long) choice.size())));
    }
}
