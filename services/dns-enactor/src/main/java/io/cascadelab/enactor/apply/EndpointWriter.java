package io.cascadelab.enactor.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.cascadelab.enactor.plan.Plan;
import io.cascadelab.enactor.zone.Change;
import io.cascadelab.enactor.zone.Names;
import io.cascadelab.enactor.zone.RecordSet;
import io.cascadelab.enactor.zone.ZoneApi;

/**
 * One Route 53 transaction that moves one endpoint to one plan: the plan's record set for the endpoint and
 * the endpoint's CNAME to it, in one change batch.
 *
 * <p>Incident mode writes them unconditionally (UPSERT): whatever the endpoint used before is overwritten,
 * newer or not. Fixed mode adds the endpoint's generation marker to the same batch, as an exact-match
 * DELETE of the marker it read plus a CREATE of the new one; Route 53 applies a batch all or nothing and
 * rejects a DELETE that does not match, so the batch is a compare-and-set on the endpoint's generation.
 */
public final class EndpointWriter {

    /** What happened to one attempt. */
    public enum Result { APPLIED, ALREADY_NEWER }

    private final ZoneApi zone;
    private final long ttlSeconds;

    public EndpointWriter(ZoneApi zone, Duration recordTtl) {
        this.zone = zone;
        this.ttlSeconds = recordTtl.toSeconds();
    }

    /** Incident mode: overwrite. */
    public Result overwrite(long generation, Plan.Endpoint endpoint) {
        zone.change(List.of(Change.upsert(planSet(generation, endpoint)), Change.upsert(cname(generation, endpoint))));
        return Result.APPLIED;
    }

    /**
     * Fixed mode: move the endpoint forward to {@code generation} only if it is behind it.
     *
     * @throws ZoneApi.Rejected another writer moved the endpoint between our read and our batch; read again
     */
    public Result compareAndSet(long generation, Plan.Endpoint endpoint) {
        String markerName = Names.marker(endpoint.name());
        Optional<RecordSet> marker = zone.get(markerName, "TXT");
        OptionalLong current = marker.map(Names::markerGeneration).orElse(OptionalLong.empty());
        if (current.isPresent() && current.getAsLong() >= generation) {
            return Result.ALREADY_NEWER;
        }
        List<Change> batch = new ArrayList<>();
        batch.add(Change.upsert(planSet(generation, endpoint)));
        batch.add(Change.upsert(cname(generation, endpoint)));
        marker.ifPresent(read -> batch.add(Change.delete(read)));
        batch.add(Change.create(new RecordSet(markerName, "TXT", ttlSeconds, List.of(Names.markerValue(generation)))));
        zone.change(batch);
        return Result.APPLIED;
    }

    /** The generation the endpoint's CNAME points at, if it has one that names a per-plan record set. */
    public OptionalLong activeGeneration(String endpoint) {
        return zone.get(Names.absolute(endpoint), "CNAME")
                .filter(set -> set.values().size() == 1)
                .map(set -> Names.planSetGeneration(set.values().get(0)))
                .orElse(OptionalLong.empty());
    }

    private RecordSet planSet(long generation, Plan.Endpoint endpoint) {
        List<String> addresses = endpoint.addresses();
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("plan " + generation + " has no addresses for " + endpoint.name());
        }
        return new RecordSet(Names.planSet(generation, endpoint.name()), endpoint.type(), ttlSeconds, addresses);
    }

    private RecordSet cname(long generation, Plan.Endpoint endpoint) {
        return new RecordSet(Names.absolute(endpoint.name()), "CNAME", ttlSeconds,
                List.of(Names.planSet(generation, endpoint.name())));
    }
}
