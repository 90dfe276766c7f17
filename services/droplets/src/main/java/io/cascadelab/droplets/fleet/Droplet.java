package io.cascadelab.droplets.fleet;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One physical host: its AZ, its speed (a multiple of the median service times, fixed by the seed), its
 * slots, the lease as it sees it and the instances it hosts. Mutated only under its own lock.
 */
public final class Droplet {

    private final String id;
    private final String az;
    private final double speed;
    private final int slots;
    private final Set<String> instances = new LinkedHashSet<>();
    private String holder;
    private String leaseId;
    private long leaseExpiresAtMillis;

    Droplet(String id, String az, double speed, int slots) {
        this.id = id;
        this.az = az;
        this.speed = speed;
        this.slots = slots;
    }

    public String id() {
        return id;
    }

    public String az() {
        return az;
    }

    public double speed() {
        return speed;
    }

    public int slots() {
        return slots;
    }

    public synchronized int used() {
        return instances.size();
    }

    public synchronized boolean leased(long nowMillis) {
        return leaseId != null && leaseExpiresAtMillis > nowMillis;
    }

    /** The lease as the droplet sees it, or null when it has none (or it has expired). */
    public synchronized Lease lease(long nowMillis) {
        return leased(nowMillis) ? new Lease(holder, leaseId, leaseExpiresAtMillis) : null;
    }

    /** Restarts a boot lease (never renewed, maybe already run out) held by this holder; false for any other. */
    synchronized boolean restartBootLease(String bootHolder, long expiresAtMillis) {
        if (leaseId == null || !leaseId.startsWith("boot-") || !bootHolder.equals(holder)) {
            return false;
        }
        leaseExpiresAtMillis = expiresAtMillis;
        return true;
    }

    synchronized void establish(String newHolder, String newLeaseId, long expiresAtMillis) {
        holder = newHolder;
        leaseId = newLeaseId;
        leaseExpiresAtMillis = expiresAtMillis;
    }

    /** @return whether the lease was this droplet's live lease (and is now renewed) */
    synchronized boolean renew(String requestHolder, String requestLeaseId, long nowMillis, long expiresAtMillis) {
        if (!leased(nowMillis) || !requestLeaseId.equals(leaseId) || !requestHolder.equals(holder)) {
            return false;
        }
        leaseExpiresAtMillis = expiresAtMillis;
        return true;
    }

    synchronized boolean host(String instanceId) {
        if (instances.size() >= slots) {
            return false;
        }
        instances.add(instanceId);
        return true;
    }

    synchronized void release(String instanceId) {
        instances.remove(instanceId);
    }

    public record Lease(String holder, String leaseId, long expiresAtMillis) {
    }
}
