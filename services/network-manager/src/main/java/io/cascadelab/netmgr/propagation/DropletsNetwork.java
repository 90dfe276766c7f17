package io.cascadelab.netmgr.propagation;

import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * {@code PUT {droplets}/instances/{id}/network {version}} for a launch, {@code POST {droplets}/droplets/{id}/network/release
 * {instanceId}} for a termination: what the droplet answered.
 */
public final class DropletsNetwork {

    /** What became of one attempt. */
    public enum Answer {
        /** 2xx: the instance has its configuration */
        APPLIED,
        /** 404: droplets does not know the instance (terminated, or never placed); retrying cannot help */
        GONE,
        /** 409: the droplet has no lease (DWFM does not hold it) and takes no state change until it has one again */
        NOT_LEASED,
        /** another 4xx: the request itself is wrong; retrying cannot help */
        REJECTED,
        /** 5xx, timeout, connection failure: worth another attempt */
        RETRY
    }

    private final RestClient http;

    public DropletsNetwork(RestClient http) {
        this.http = http;
    }

    public Answer apply(String instanceId, long version) {
        try {
            return answer(http.put().uri("/instances/{id}/network", instanceId).body(Map.of("version", version))
                    .exchange((request, response) -> response.getStatusCode()));
        } catch (RestClientException e) {
            return Answer.RETRY;
        }
    }

    /** A terminated instance's network state removed from the droplet that hosted it. */
    public Answer release(String dropletId, String instanceId) {
        try {
            return answer(http.post().uri("/droplets/{id}/network/release", dropletId)
                    .body(Map.of("instanceId", instanceId))
                    .exchange((request, response) -> response.getStatusCode()));
        } catch (RestClientException e) {
            return Answer.RETRY;
        }
    }

    private static Answer answer(HttpStatusCode status) {
        if (status.is2xxSuccessful()) {
            return Answer.APPLIED;
        }
        if (status.value() == 404) {
            return Answer.GONE;
        }
        if (status.value() == 409) {
            return Answer.NOT_LEASED;
        }
        return status.is4xxClientError() && status.value() != 408 && status.value() != 429
                ? Answer.REJECTED : Answer.RETRY;
    }
}
