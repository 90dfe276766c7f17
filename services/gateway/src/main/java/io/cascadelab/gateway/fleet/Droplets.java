package io.cascadelab.gateway.fleet;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The droplets service as the EC2 API uses it: describe and terminate instances. */
public final class Droplets {

    private final URI base;
    private final FleetHttp http;

    public Droplets(URI base, FleetHttp http) {
        this.base = base;
        this.http = http;
    }

    /**
     * An instance as droplets sees it.
     *
     * @param state {@code pending} until its network configuration arrived, then {@code running}
     */
    public record Instance(String instanceId, String dropletId, String az, String owner, long networkVersion,
                           String state) {

        static Instance of(JsonNode node) {
            return new Instance(node.path("instanceId").asString(""), node.path("dropletId").asString(""),
                    node.path("az").asString(""), node.path("owner").asString(""),
                    node.path("networkVersion").asLong(0), node.path("state").asString("pending"));
        }
    }

    /** The instance, or empty when droplets does not know it (404). */
    public Mono<Optional<Instance>> instance(String instanceId) {
        URI uri = UriComponentsBuilder.fromUri(base).path("/instances/{id}").buildAndExpand(instanceId).toUri();
        return http.call(HttpMethod.GET, uri, null).map(reply -> {
            if (reply.status() == 404) {
                return Optional.<Instance>empty();
            }
            if (!reply.ok() || reply.body() == null) {
                throw reply.failure("droplets");
            }
            return Optional.of(Instance.of(reply.body()));
        });
    }

    /** Every instance, or those of {@code owner} when it is not null. */
    public Mono<List<Instance>> instances(String owner) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUri(base).path("/instances");
        if (owner != null) {
            builder.queryParam("owner", "{owner}");
        }
        URI uri = owner != null ? builder.buildAndExpand(owner).encode().toUri() : builder.build().toUri();
        return http.call(HttpMethod.GET, uri, null).map(reply -> {
            if (!reply.ok() || reply.body() == null || !reply.body().isArray()) {
                throw reply.failure("droplets");
            }
            List<Instance> all = new ArrayList<>();
            reply.body().forEach(node -> all.add(Instance.of(node)));
            return all;
        });
    }

    /** Terminates the instance: true when droplets freed it, false when it did not know it (404). */
    public Mono<Boolean> terminate(String instanceId) {
        URI uri = UriComponentsBuilder.fromUri(base).path("/instances/{id}").buildAndExpand(instanceId).toUri();
        return http.call(HttpMethod.DELETE, uri, null).map(reply -> {
            if (reply.status() == 404) {
                return false;
            }
            if (!reply.ok()) {
                throw reply.failure("droplets");
            }
            return true;
        });
    }
}
