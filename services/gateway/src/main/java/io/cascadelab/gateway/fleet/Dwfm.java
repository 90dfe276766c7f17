package io.cascadelab.gateway.fleet;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/** The DropletWorkflow Managers, one per AZ: {@code POST /placements}. */
public final class Dwfm {

    public static final String INSUFFICIENT_CAPACITY = "InsufficientInstanceCapacity";

    private final Map<String, URI> byAz;
    private final FleetHttp http;

    public Dwfm(Map<String, URI> byAz, FleetHttp http) {
        this.byAz = new TreeMap<>(byAz);
        this.http = http;
    }

    /** The AZs that have a DWFM, in name order. */
    public List<String> azs() {
        return List.copyOf(byAz.keySet());
    }

    public boolean knows(String az) {
        return byAz.containsKey(az);
    }

    public record Placement(String instanceId, String dropletId, String az) {
    }

    /** Places an instance in {@code az}; fails with {@link FleetCallException} ({@link #INSUFFICIENT_CAPACITY} on 409). */
    public Mono<Placement> place(String az, String instanceId, String owner) {
        URI uri = UriComponentsBuilder.fromUri(byAz.get(az)).path("/placements").build().toUri();
        return http.call(HttpMethod.POST, uri, Map.of("instanceId", instanceId, "owner", owner)).map(reply -> {
            if (!reply.ok() || reply.body() == null) {
                throw reply.failure("dwfm " + az);
            }
            return new Placement(reply.body().path("instanceId").asString(instanceId),
                    reply.body().path("dropletId").asString(""), reply.body().path("az").asString(az));
        });
    }
}
