package io.cascadelab.netmgr.propagation;

import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** {@code PUT {droplets}/instances/{id}/network {version}}: what the droplet answered. */
public final class DropletsNetwork {

    /** What became of one attempt. */
    public enum Answer {
        /** 2xx: the instance has its configuration */
        APPLIED,
        /** 404: droplets does not know the instance (terminated, or never placed); retrying cannot help */
        GONE,
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
            HttpStatusCode status = http.put().uri("/instances/{id}/network", instanceId)
                    .body(Map.of("version", version))
                    .exchange((request, response) -> response.getStatusCode());
            if (status.is2xxSuccessful()) {
                return Answer.APPLIED;
            }
            if (status.value() == 404) {
                return Answer.GONE;
            }
            return status.is4xxClientError() && status.value() != 408 && status.value() != 429
                    ? Answer.REJECTED : Answer.RETRY;
        } catch (RestClientException e) {
            return Answer.RETRY;
        }
    }
}
