package io.cascadelab.droplets.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import io.cascadelab.platform.time.TimeScale;

/**
 * Every droplet and every instance. Droplets are created at start from the seed: ids, AZs and speeds are
 * the same for the same seed. Every lease starts held by its AZ's DWFM, with expiries spread out, as in
 * a region that has been running for years.
 */
public final class Fleet {

    private final Map<String, Droplet> droplets = new LinkedHashMap<>();
    private final Map<String, List<Droplet>> byAz = new LinkedHashMap<>();
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Clock wall;
    private final TimeScale scale;
    private final java.util.Set<String> bootstrapped = new java.util.HashSet<>();
    private final long bootLeaseMillis;
    private final SplittableRandom bootRandom;

    public Fleet(List<String> azs, int perAz, int slots, double spread, String initialHolder, Duration initialLease,
                 SplittableRandom random, Clock wall, TimeScale scale) {
        this.wall = wall;
        this.scale = scale;
        long now = wall.millis();
        long leaseMillis = scale.toWall(initialLease).toMillis();
        this.bootLeaseMillis = leaseMillis;
        this.bootRandom = random.split();
        for (String az : azs) {
            List<Droplet> inAz = new ArrayList<>(perAz);
            for (int i = 1; i <= perAz; i++) {
                double speed = speed(spread, random);
                Droplet droplet = new Droplet(String.format("d-%s-%05d", az, i), az, speed, slots);
                droplet.establish(initialHolder + az, "boot-" + droplet.id(),
                        now + (long) (leaseMillis * (0.5 + 0.5 * random.nextDouble())));
                droplets.put(droplet.id(), droplet);
                inAz.add(droplet);
            }
            byAz.put(az, List.copyOf(inAz));
        }
    }

    /**
     * Droplets' speeds are log-normal around the medians, truncated at {@link #SPEED_LIMIT_SIGMAS}: 0.64–1.57x at the
     * default spread of 0.3. Untruncated, seed 1's slowest droplet (d-az1-00125, 2.01x) took 121 incident seconds to
     * establish a lease, longer than DWFM's 2-minute attempt timeout on its own: in incident mode it could never be
     * leased, queue or no queue, and two game days ended with 449 of 450 droplets leased. That is a host broken
     * before the incident, not the outage's mechanism (AWS had leases on all droplets again by 05:28). Truncated, the
     * slowest establishes in 94 s at the 60 s median, leaving room for the queue and request overheads.
     */
    static double speed(double spread, SplittableRandom random) {
        double z;
        do {
            z = random.nextGaussian();
        } while (Math.abs(z) > SPEED_LIMIT_SIGMAS);
        return Math.exp(spread * z);
    }

    /** How many standard deviations a droplet's speed may be from the median. */
    public static final double SPEED_LIMIT_SIGMAS = 1.5;

    public List<String> azs() {
        return List.copyOf(byAz.keySet());
    }

    public List<Droplet> inAz(String az) {
        return byAz.getOrDefault(az, List.of());
    }

    /**
     * The first time an AZ's DWFM asks for its droplets, the boot leases it holds are fresh: the region has
     * been running for years, and a lab fleet takes a while to start, so boot leases count from the moment
     * their holder is there to renew them (spread over the second half of a lease, as renewals would be).
     * Later listings (a DWFM restarted by operators) change nothing.
     */
    public void holderArrived(String az, String holder) {
        synchronized (bootstrapped) {
            if (!bootstrapped.add(az)) {
                return;
            }
        }
        long now = wall.millis();
        for (Droplet droplet : inAz(az)) {
            droplet.restartBootLease(holder, now + (long) (bootLeaseMillis * (0.5 + 0.5 * bootRandom.nextDouble())));
        }
    }

    public Droplet droplet(String id) {
        return droplets.get(id);
    }

    public long now() {
        return wall.millis();
    }

    public long expiryAfter(Duration incident) {
        return wall.millis() + scale.toWall(incident).toMillis();
    }

    public void establish(Droplet droplet, String holder, String leaseId, Duration duration) {
        droplet.establish(holder, leaseId, expiryAfter(duration));
    }

    public boolean renew(Droplet droplet, String holder, String leaseId, Duration duration) {
        return droplet.renew(holder, leaseId, wall.millis(), expiryAfter(duration));
    }

    public enum HostResult { HOSTED, NO_ACTIVE_LEASE, NO_FREE_SLOT, DUPLICATE }

    public HostResult host(Droplet droplet, String instanceId, String owner) {
        if (!droplet.leased(wall.millis())) {
            return HostResult.NO_ACTIVE_LEASE;
        }
        Instance instance = new Instance(instanceId, droplet.id(), droplet.az(), owner);
        if (instances.putIfAbsent(instanceId, instance) != null) {
            return HostResult.DUPLICATE;
        }
        if (!droplet.host(instanceId)) {
            instances.remove(instanceId);
            return HostResult.NO_FREE_SLOT;
        }
        return HostResult.HOSTED;
    }

    public Instance instance(String id) {
        return instances.get(id);
    }

    public Collection<Instance> instances() {
        return instances.values();
    }

    public boolean terminate(String instanceId) {
        Instance instance = instances.remove(instanceId);
        if (instance == null) {
            return false;
        }
        droplets.get(instance.dropletId()).release(instanceId);
        return true;
    }

    public void applyNetwork(Instance instance, long version) {
        instance.applyNetwork(version);
    }
}
