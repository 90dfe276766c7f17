package io.cascadelab.nlb.provision;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The instances of one owner that already exist ({@code GET {droplets}/instances?owner=…}), so a restarted NLB
 * adopts its targets ({@code app}) and checker hosts instead of launching a second set (Kafka's committed offsets
 * are past their LAUNCHED events).
 */
public final class DropletsInventory {

    /** An existing instance: id and AZ. */
    public record Existing(String instanceId, String az) {
    }

    private final URI droplets;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;

    public DropletsInventory(URI droplets, HttpClient http, JsonMapper json, Duration timeout) {
        this.droplets = droplets;
        this.http = http;
        this.json = json;
        this.timeout = timeout;
    }

    public List<Existing> appInstances() throws IOException {
        return instances(Provisioner.OWNER);
    }

    public List<Existing> instances(String owner) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    droplets.resolve("/instances?owner=" + owner)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("droplets answered " + response.statusCode());
            }
            List<Existing> existing = new ArrayList<>();
            for (JsonNode instance : json.readTree(response.body())) {
                String id = instance.path("instanceId").asString(null);
                String az = instance.path("az").asString(null);
                if (id != null && az != null && owner.equals(instance.path("owner").asString(null))) {
                    existing.add(new Existing(id, az));
                }
            }
            return existing;
        } catch (JacksonException e) {
            throw new IOException("unreadable instance list: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
