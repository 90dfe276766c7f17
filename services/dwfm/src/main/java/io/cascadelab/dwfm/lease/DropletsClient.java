package io.cascadelab.dwfm.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/** DWFM's calls to the droplets (docs/fleet-interfaces.md). */
public final class DropletsClient {

    private final RestClient http;

    public DropletsClient(RestClient http) {
        this.http = http;
    }

    public record DropletView(String id, String az, int slots, int used, LeaseView lease) {
    }

    public record LeaseView(String holder, String leaseId, String expiresAt) {
        public long expiresAtMillis() {
            return Instant.parse(expiresAt).toEpochMilli();
        }
    }

    /** A droplet refused (409) or was not reachable; the message says which. */
    public static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The AZ's droplets; naming the holder tells a booting fleet its DWFM is there (boot leases start now). */
    public List<DropletView> droplets(String az, String holder) {
        DropletView[] droplets = http.get().uri("/droplets?az={az}&holder={holder}", az, holder).retrieve()
                .body(DropletView[].class);
        return droplets == null ? List.of() : List.of(droplets);
    }

    public LeaseView establish(String dropletId, String holder, String leaseId, Duration duration) {
        return call("/droplets/{id}/lease", dropletId, Map.of("holder", holder, "leaseId", leaseId,
                "duration", duration.toString()));
    }

    public LeaseView checkIn(String dropletId, String holder, String leaseId, Duration duration) {
        return call("/droplets/{id}/check-in", dropletId, Map.of("holder", holder, "leaseId", leaseId,
                "duration", duration.toString()));
    }

    public void host(String dropletId, String instanceId, String owner) {
        try {
            http.post().uri("/droplets/{id}/instances", dropletId).body(Map.of("instanceId", instanceId, "owner", owner))
                    .retrieve().toBodilessEntity();
        } catch (RestClientResponseException e) {
            throw new Refused(code(e), e.getResponseBodyAsString());
        }
    }

    private LeaseView call(String path, String dropletId, Map<String, String> body) {
        try {
            return http.post().uri(path, dropletId).body(body).retrieve().body(LeaseView.class);
        } catch (RestClientResponseException e) {
            throw new Refused(code(e), e.getResponseBodyAsString());
        } catch (RestClientException e) {
            throw new Refused("Unreachable", e.getMessage());
        }
    }

    private static String code(RestClientResponseException e) {
        String body = e.getResponseBodyAsString();
        int at = body.indexOf("\"error\":\"");
        return at < 0 ? "HTTP" + e.getStatusCode().value() : body.substring(at + 9, body.indexOf('"', at + 9));
    }
}
