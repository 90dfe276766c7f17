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

    public Fleet(List<String> azs, int perAz, int slots, double spread, String initialHolder, Duration initialLease,
                 SplittableRandom random, Clock wall, TimeScale scale) {
        this.wall = wall;
        this.scale = scale;
        long now = wall.millis();
        long leaseMillis = scale.toWall(initialLease).toMillis();
        for (String az : azs) {
            List<Droplet> inAz = new ArrayList<>(perAz);
            for (int i = 1; i <= perAz; i++) {
                double speed = Math.exp(spread * random.nextGaussian());
                Droplet droplet = new Droplet(String.format("d-%s-%05d", az, i), az, speed, slots);
                droplet.establish(initialHolder + az, "boot-" + droplet.id(),
                        now + (long) (leaseMillis * (0.5 + 0.5 * random.nextDouble())));
                droplets.put(droplet.id(), droplet);
                inAz.add(droplet);
            }
            byAz.put(az, List.copyOf(inAz));
        }
    }

    public List<String> azs() {
        return List.copyOf(byAz.keySet());
    }

    public List<Droplet> inAz(String az) {
        return byAz.getOrDefault(az, List.of());
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
