package io.cascadelab.dwfm.lease;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every droplet of this DWFM's AZ and the lease it holds on it. */
public final class LeaseBook {

    private final Map<String, DropletLease> leases = new LinkedHashMap<>();

    public synchronized DropletLease add(String dropletId) {
        return leases.computeIfAbsent(dropletId, DropletLease::new);
    }

    /** Adopts a lease the droplet says this DWFM holds (at boot, or after a restart). */
    public synchronized void adopt(String dropletId, String leaseId, long expiresAt, long firstCheckIn) {
        add(dropletId).adopt(leaseId, expiresAt, firstCheckIn);
    }

    public synchronized DropletLease get(String dropletId) {
        return leases.get(dropletId);
    }

    public synchronized Collection<DropletLease> all() {
        return java.util.List.copyOf(leases.values());
    }

    public int size() {
        return all().size();
    }

    public Map<DropletLease.State, Long> count(long now) {
        Map<DropletLease.State, Long> counts = new EnumMap<>(DropletLease.State.class);
        for (DropletLease.State state : DropletLease.State.values()) {
            counts.put(state, 0L);
        }
        for (DropletLease lease : all()) {
            counts.merge(lease.state(now), 1L, Long::sum);
        }
        return counts;
    }

    public Map<String, Object> summary(long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        count(now).forEach((state, n) -> out.put(state.name().toLowerCase(), n));
        return out;
    }
}
