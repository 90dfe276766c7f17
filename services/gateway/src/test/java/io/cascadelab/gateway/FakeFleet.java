package io.cascadelab.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-test stand-ins for the three DWFMs ({@code /az1/placements} …) and droplets ({@code /instances…}) on one JDK
 * HTTP server, speaking the JSON of docs/fleet-interfaces.md. Each AZ has a number of free slots; a placement in
 * an AZ with none is a 409 {@code InsufficientInstanceCapacity}, as a DWFM whose droplets have no lease answers.
 */
final class FakeFleet implements AutoCloseable {

    static final List<String> AZS = List.of("az1", "az2", "az3");
    private static final JsonMapper json = JsonMapper.builder().build();

    final Map<String, AtomicInteger> freeSlots = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> instances = new ConcurrentHashMap<>();
    /** Every placement request, as "az:instanceId", in order. */
    final List<String> placementCalls = Collections.synchronizedList(new ArrayList<>());
    /** AZs whose DWFM is too slow: it answers after this many wall milliseconds. */
    final Map<String, Long> slowAzs = new ConcurrentHashMap<>();
    private final AtomicInteger droplet = new AtomicInteger();
    private final HttpServer server;

    FakeFleet() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        for (String az : AZS) {
            server.createContext("/" + az + "/placements", exchange -> place(az, exchange));
        }
        server.createContext("/instances", this::instances);
        server.start();
        reset();
    }

    void reset() {
        AZS.forEach(az -> freeSlots.put(az, new AtomicInteger(10)));
        instances.clear();
        placementCalls.clear();
        slowAzs.clear();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> placementAzs() {
        synchronized (placementCalls) {
            return placementCalls.stream().map(call -> call.substring(0, call.indexOf(':'))).toList();
        }
    }

    private void place(String az, HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
        String instanceId = body.get("instanceId").asString();
        placementCalls.add(az + ":" + instanceId);
        Long slow = slowAzs.get(az);
        if (slow != null) {
            try {
                Thread.sleep(slow);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (freeSlots.get(az).getAndUpdate(n -> n > 0 ? n - 1 : 0) <= 0) {
            send(exchange, 409, Map.of("error", "InsufficientInstanceCapacity", "message", "no leased droplet with a free slot"));
            return;
        }
        String dropletId = String.format("d-%s-%05d", az, droplet.incrementAndGet());
        Map<String, String> instance = new LinkedHashMap<>();
        instance.put("instanceId", instanceId);
        instance.put("dropletId", dropletId);
        instance.put("az", az);
        instance.put("owner", body.path("owner").asString(""));
        instance.put("state", "pending");
        instances.put(instanceId, instance);
        send(exchange, 201, Map.of("instanceId", instanceId, "dropletId", dropletId, "az", az));
    }

    private void instances(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/instances") && method.equals("GET")) {
            String query = exchange.getRequestURI().getQuery();
            String owner = query != null && query.startsWith("owner=") ? query.substring("owner=".length()) : null;
            send(exchange, 200, instances.values().stream()
                    .filter(instance -> owner == null || owner.equals(instance.get("owner"))).toList());
            return;
        }
        String id = path.substring("/instances/".length());
        Map<String, String> instance = instances.get(id);
        if (instance == null) {
            send(exchange, 404, Map.of("error", "InvalidInstanceID.NotFound", "message", id));
            return;
        }
        switch (method) {
            case "GET" -> {
                Map<String, Object> answer = new LinkedHashMap<>(instance);
                answer.put("networkVersion", 0);
                send(exchange, 200, answer);
            }
            case "DELETE" -> {
                instances.remove(id);
                send(exchange, 204, null);
            }
            default -> send(exchange, 405, Map.of("error", "MethodNotAllowed"));
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
