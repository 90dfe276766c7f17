package io.cascadelab.nlb.target;

import java.time.Instant;

/**
 * One registered target as the health checker sees it. Mutated only under the {@link TargetGroup}'s lock.
 */
public final class Target {

    private final String instanceId;
    private final String az;
    private final Instant registeredAt;
    private boolean inService;
    private int consecutivePasses;
    private int consecutiveFailures;
    private Instant outOfServiceSince;
    private Instant lastCheckedAt;
    private boolean terminating;

    Target(String instanceId, String az, Instant registeredAt, boolean inService) {
        this.instanceId = instanceId;
        this.az = az;
        this.registeredAt = registeredAt;
        this.inService = inService;
        this.outOfServiceSince = inService ? null : registeredAt;
    }

    public String instanceId() {
        return instanceId;
    }

    public String az() {
        return az;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public synchronized boolean inService() {
        return inService;
    }

    /** @return true when this result moved the target in or out of service (a flip) */
    synchronized boolean record(boolean passed, Instant at, int unhealthyThreshold, int healthyThreshold) {
        lastCheckedAt = at;
        if (passed) {
            consecutivePasses++;
            consecutiveFailures = 0;
            if (!inService && consecutivePasses >= healthyThreshold) {
                inService = true;
                outOfServiceSince = null;
                return true;
            }
        } else {
            consecutiveFailures++;
            consecutivePasses = 0;
            if (inService && consecutiveFailures >= unhealthyThreshold) {
                inService = false;
                outOfServiceSince = at;
                return true;
            }
        }
        return false;
    }

    /** Whether the next check should come soon: out of service, or the last check failed. */
    synchronized boolean suspect() {
        return !inService || consecutiveFailures > 0;
    }

    public synchronized Instant outOfServiceSince() {
        return outOfServiceSince;
    }

    synchronized boolean markTerminating() {
        if (terminating) {
            return false;
        }
        terminating = true;
        return true;
    }

    synchronized void terminationFailed() {
        terminating = false;
    }

    public synchronized View view() {
        return new View(instanceId, az, inService, consecutivePasses, consecutiveFailures, registeredAt,
                lastCheckedAt, outOfServiceSince, terminating);
    }

    /** What {@code GET /targets} shows. */
    public record View(String instanceId, String az, boolean healthy, int consecutivePasses, int consecutiveFailures,
                       Instant registeredAt, Instant lastCheckedAt, Instant outOfServiceSince, boolean terminating) {
    }
}
