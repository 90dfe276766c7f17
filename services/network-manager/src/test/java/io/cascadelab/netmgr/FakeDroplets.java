package io.cascadelab.netmgr;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-test droplets: {@code PUT /instances/{id}/network {version}} for the instances it hosts, 404
 * {@code InvalidInstanceID.NotFound} for others, and a number of 503s to give an instance before it succeeds;
 * {@code POST /droplets/{id}/network/release {instanceId}}. While {@link #leased} is false every droplet answers
 * 409 {@code DropletNotLeased}, as droplets does for a droplet DWFM does not hold.
 */
final class FakeDroplets implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();

    final Set<String> hosted = ConcurrentHashMap.newKeySet();
    final Map<String, Long> applied = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    /** Instances whose first attempt is answered only after this many wall milliseconds. */
    final Map<String, Long> slowFirstAttempt = new ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicBoolean leased = new java.util.concurrent.atomic.AtomicBoolean(true);
    final Set<String> released = ConcurrentHashMap.newKeySet();
    private final HttpServer server;

    FakeDroplets() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/instances/", this::handle);
        server.createContext("/droplets/", this::release);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int attempts(String instanceId) {
        AtomicInteger count = attempts.get(instanceId);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!exchange.getRequestMethod().equals("PUT") || !path.endsWith("/network")) {
            send(exchange, 405, "{\"error\":\"MethodNotAllowed\"}");
            return;
        }
        String id = path.substring("/instances/".length(), path.length() - "/network".length());
        long version = json.readTree(exchange.getRequestBody().readAllBytes()).get("version").asLong();
        int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        Long slow = slowFirstAttempt.get(id);
        if (slow != null && attempt == 1) {
            try {
                Thread.sleep(slow);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!hosted.contains(id)) {
            send(exchange, 404, "{\"error\":\"InvalidInstanceID.NotFound\",\"message\":\"" + id + "\"}");
            return;
        }
        if (!leased.get()) {
            send(exchange, 409, "{\"error\":\"DropletNotLeased\",\"message\":\"no lease\"}");
            return;
        }
        AtomicInteger failures = failuresLeft.get(id);
        if (failures != null && failures.getAndDecrement() > 0) {
            send(exchange, 503, "{\"error\":\"Busy\",\"message\":\"try again\"}");
            return;
        }
        applied.put(id, version);
        send(exchange, 200, "{\"instanceId\":\"" + id + "\",\"networkVersion\":" + version + "}");
    }

    private void release(HttpExchange exchange) throws IOException {
        String instanceId = json.readTree(exchange.getRequestBody().readAllBytes()).get("instanceId").asString();
        if (!leased.get()) {
            send(exchange, 409, "{\"error\":\"DropletNotLeased\",\"message\":\"no lease\"}");
            return;
        }
        released.add(instanceId);
        send(exchange, 200, "{\"released\":true}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
