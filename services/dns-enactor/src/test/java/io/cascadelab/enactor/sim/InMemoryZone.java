package io.cascadelab.enactor.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.cascadelab.enactor.zone.Change;
import io.cascadelab.enactor.zone.Names;
import io.cascadelab.enactor.zone.RecordSet;
import io.cascadelab.enactor.zone.ZoneApi;

/**
 * A deterministic in-memory Route 53 zone with the batch rules the enactors rely on: all or nothing, CREATE
 * of an existing set rejected, DELETE only on an exact match, UPSERT replaces. A batch that cannot get the
 * zone within {@code lockWaitMillis} fails as busy, like the zone's PriorRequestNotComplete.
 *
 * <p>After every committed batch it checks, for the endpoints it is told about, the property users see:
 * the endpoint resolves (CNAME to a per-plan set that has addresses), and in fixed mode that its marker never
 * moves backwards. Violations are recorded, not thrown, so the writer sees what Route 53 would have done.
 */
public final class InMemoryZone implements ZoneApi {

    private final Map<Key, RecordSet> sets = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final long lockWaitMillis;
    private final List<String> endpoints = new CopyOnWriteArrayList<>();
    private final Map<String, Long> highestMarker = new HashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile long commits;

    private record Key(String name, String type) {
    }

    public InMemoryZone(long lockWaitMillis) {
        this.lockWaitMillis = lockWaitMillis;
    }

    /** Endpoints whose resolution is checked after every commit (only once they resolve for the first time). */
    public void watch(List<String> endpointNames) {
        endpointNames.forEach(name -> endpoints.add(Names.absolute(name)));
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public Optional<RecordSet> get(String name, String type) {
        lockOrBusy();
        try {
            return Optional.ofNullable(sets.get(new Key(Names.absolute(name), type)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<RecordSet> listAll() {
        lockOrBusy();
        try {
            List<RecordSet> all = new ArrayList<>(sets.values());
            all.sort(Comparator.comparing(RecordSet::name).thenComparing(RecordSet::type));
            return all;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void change(List<Change> changes) {
        lockOrBusy();
        try {
            Map<Key, RecordSet> next = new HashMap<>(sets);
            for (Change change : changes) {
                RecordSet set = change.recordSet();
                Key key = new Key(Names.absolute(set.name()), set.type());
                RecordSet existing = next.get(key);
                switch (change.action()) {
                    case CREATE -> {
                        if (existing != null) {
                            throw new Rejected("Tried to create resource record set " + key + " but it already exists", null);
                        }
                        next.put(key, set);
                    }
                    case DELETE -> {
                        if (existing == null || existing.ttl() != set.ttl()
                                || !new HashSet<>(existing.values()).equals(new HashSet<>(set.values()))) {
                            throw new Rejected("Tried to delete resource record set " + key + " but it was not found", null);
                        }
                        next.remove(key);
                    }
                    case UPSERT -> next.put(key, set);
                }
            }
            sets.clear();
            sets.putAll(next);
            commits++;
            check();
        } finally {
            lock.unlock();
        }
    }

    public long commits() {
        return commits;
    }

    /** What a resolver gets for the endpoint: the addresses behind its CNAME, empty when there are none. */
    public List<String> resolve(String endpoint) {
        lockOrBusy();
        try {
            return resolveLocked(Names.absolute(endpoint));
        } finally {
            lock.unlock();
        }
    }

    /** The endpoint's generation by its CNAME target. */
    public OptionalLong pointsAt(String endpoint) {
        RecordSet cname = get(endpoint, "CNAME").orElse(null);
        return cname == null ? OptionalLong.empty() : Names.planSetGeneration(cname.values().get(0));
    }

    private List<String> resolveLocked(String endpoint) {
        RecordSet cname = sets.get(new Key(endpoint, "CNAME"));
        if (cname == null) {
            return List.of();
        }
        String target = cname.values().get(0);
        for (String type : List.of("A", "AAAA")) {
            RecordSet addresses = sets.get(new Key(target, type));
            if (addresses != null) {
                return addresses.values();
            }
        }
        return List.of();
    }

    private void check() {
        for (String endpoint : endpoints) {
            boolean everResolved = highestMarker.containsKey(endpoint);
            if (!everResolved && sets.containsKey(new Key(endpoint, "CNAME"))) {
                highestMarker.put(endpoint, 0L);
                everResolved = true;
            }
            if (everResolved && resolveLocked(endpoint).isEmpty()) {
                RecordSet cname = sets.get(new Key(endpoint, "CNAME"));
                violations.add("commit " + commits + ": " + endpoint + " resolves to nothing (CNAME "
                        + (cname == null ? "missing" : cname.values()) + ")");
            }
            RecordSet marker = sets.get(new Key(Names.marker(endpoint), "TXT"));
            if (marker != null) {
                long generation = Names.markerGeneration(marker).orElse(-1);
                long highest = highestMarker.getOrDefault(endpoint, 0L);
                if (generation < highest) {
                    violations.add("commit " + commits + ": " + endpoint + " moved back from " + highest + " to " + generation);
                }
                highestMarker.put(endpoint, Math.max(highest, generation));
            }
        }
    }

    private void lockOrBusy() {
        try {
            if (!lock.tryLock(lockWaitMillis, TimeUnit.MILLISECONDS)) {
                throw new Busy("PriorRequestNotComplete: the zone is busy", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted", e);
        }
    }
}
