package io.cascadelab.nlb.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The droplets' instance endpoints, as docs/fleet-interfaces.md fixes them: {@code /instances/{id}/health} and
 * {@code /instances/{id}/app/**} answer 200 only once the instance's network configuration arrived, 503
 * {@code NoNetwork} before. Network configuration arrives {@code propagationDelay} (wall) after the launch — the
 * delay in force when the instance was launched; {@link #loseNetwork} takes it away for good.
 */
final class FakeDroplets implements AutoCloseable {

    record Instance(String id, String az, String owner, Instant networkAt) {
    }

    private final HttpServer server;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final AtomicReference<Duration> propagationDelay = new AtomicReference<>(Duration.ZERO);

    FakeDroplets() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/instances/", this::handle);
        server.createContext("/instances", this::list);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void propagationDelay(Duration wall) {
        propagationDelay.set(wall);
    }

    void launch(String id, String az) {
        launch(id, az, "app");
    }

    void launch(String id, String az, String owner) {
        instances.put(id, new Instance(id, az, owner, Instant.now().plus(propagationDelay.get())));
    }

    String ownerOf(String id) {
        Instance instance = instances.get(id);
        return instance == null ? "app" : instance.owner();
    }

    void terminate(String id) {
        instances.remove(id);
    }

    /** The instance stays, its network state is gone (as for an instance whose configuration never arrives). */
    void loseNetwork(String id) {
        instances.computeIfPresent(id, (k, i) -> new Instance(i.id(), i.az(), i.owner(), Instant.MAX));
    }

    /** The configuration arrives now (for an instance that lost it, or whose propagation is still pending). */
    void restoreNetwork(String id) {
        instances.computeIfPresent(id, (k, i) -> new Instance(i.id(), i.az(), i.owner(), Instant.now()));
    }

    /** The application's instances in {@code az}. */
    List<Instance> in(String az) {
        return instances.values().stream().filter(i -> i.az().equals(az) && i.owner().equals("app"))
                .sorted(java.util.Comparator.comparing(Instance::id)).toList();
    }

    List<Instance> owned(String owner) {
        return instances.values().stream().filter(i -> i.owner().equals(owner))
                .sorted(java.util.Comparator.comparing(Instance::id)).toList();
    }

    /** {@code GET /instances?owner=…}: the instances of that owner. */
    private void list(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            String owner = query != null && query.startsWith("owner=") ? query.substring("owner=".length()) : null;
            String body = instances.values().stream().filter(i -> owner == null || i.owner().equals(owner))
                    .map(i -> "{\"instanceId\":\"" + i.id() + "\",\"dropletId\":\"d-" + i.az() + "-00001\",\"az\":\""
                            + i.az() + "\",\"owner\":\"" + i.owner() + "\",\"networkVersion\":1,\"state\":\""
                            + (Instant.now().isBefore(i.networkAt()) ? "pending" : "running") + "\"}")
                    .collect(java.util.stream.Collectors.joining(",", "[", "]"));
            send(exchange, 200, body);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/", 5); // "", instances, id, what, rest
            Instance instance = parts.length > 2 ? instances.get(parts[2]) : null;
            if (instance == null) {
                send(exchange, 404, "{\"error\":\"InvalidInstanceID.NotFound\",\"message\":\"no such instance\"}");
            } else if (Instant.now().isBefore(instance.networkAt())) {
                send(exchange, 503, "{\"error\":\"NoNetwork\",\"message\":\"network configuration has not arrived\"}");
            } else if (parts.length > 3 && parts[3].equals("health")) {
                send(exchange, 200, "{\"status\":\"ok\"}");
            } else {
                send(exchange, 200, "hello from " + instance.id() + " in " + instance.az());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") || body.startsWith("[") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
