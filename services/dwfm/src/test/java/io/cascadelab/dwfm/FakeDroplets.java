package io.cascadelab.dwfm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cascadelab.platform.time.TimeScale;

/**
 * The droplets' lease API (docs/fleet-interfaces.md) for one AZ, with the same physics as the droplets
 * service: establishing a lease takes a minute of incident time, a check-in two seconds (unless a test slows
 * them), and the AZ serves
 * a bounded number of requests at once.
 */
final class FakeDroplets implements AutoCloseable {

    private static final Pattern FIELD = Pattern.compile("\"(holder|leaseId|duration|instanceId)\":\"([^\"]*)\"");

    record Lease(String holder, String leaseId, long expiresAt) {
    }

    private final HttpServer server;
    private final TimeScale scale;
    private final Map<String, Lease> leases = new LinkedHashMap<>();
    private final java.util.Set<String> hosted = new java.util.HashSet<>();
    private final Semaphore capacity = new Semaphore(16, true);
    private volatile Duration checkInTime = Duration.ofSeconds(2);

    FakeDroplets(int count, TimeScale scale, Duration bootLease) throws IOException {
        this.scale = scale;
        long now = System.currentTimeMillis();
        for (int i = 1; i <= count; i++) {
            String id = String.format("d-az1-%05d", i);
            // Boot leases expire spread over the second half of a lease, as the droplets service's do.
            leases.put(id, new Lease("dwfm-az1", "boot-" + id,
                    now + scale.toWall(bootLease).toMillis() * (count + i) / (2L * count)));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", this::handle);
        server.start();
    }

    /** How long a check-in takes from now on (incident time): slower hardware, a host brown-out. */
    void checkInTime(Duration incident) {
        checkInTime = incident;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized long leasedNow() {
        long now = System.currentTimeMillis();
        return leases.values().stream().filter(l -> l.expiresAt() > now).count();
    }

    /** Whether every droplet holds, live, exactly the lease the DWFM believes it holds. */
    synchronized boolean agreesWith(io.cascadelab.dwfm.work.LeaseManager dwfm) {
        long now = System.currentTimeMillis();
        for (io.cascadelab.dwfm.lease.DropletLease lease : dwfm.book().all()) {
            Lease held = leases.get(lease.dropletId());
            if (held == null || held.expiresAt() <= now || !held.leaseId().equals(lease.leaseId())) {
                return false;
            }
        }
        return true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try {
            if (path.equals("/droplets")) {
                StringBuilder json = new StringBuilder("[");
                synchronized (this) {
                    long now = System.currentTimeMillis();
                    leases.forEach((id, lease) -> json.append(json.length() > 1 ? "," : "").append("{\"id\":\"")
                            .append(id).append("\",\"az\":\"az1\",\"slots\":8,\"used\":0,\"lease\":")
                            .append(lease.expiresAt() > now ? "{\"holder\":\"" + lease.holder() + "\",\"leaseId\":\""
                                    + lease.leaseId() + "\",\"expiresAt\":\"" + Instant.ofEpochMilli(lease.expiresAt())
                                    + "\"}" : "null").append('}'));
                }
                send(exchange, 200, json.append(']').toString());
                return;
            }
            Matcher hosting = Pattern.compile("/droplets/([^/]+)/instances").matcher(path);
            if (hosting.matches()) {
                // Every droplet has room; an instance id is taken once.
                Matcher field = FIELD.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String instanceId = null;
                while (field.find()) {
                    if (field.group(1).equals("instanceId")) {
                        instanceId = field.group(2);
                    }
                }
                boolean taken;
                synchronized (this) {
                    taken = instanceId == null || !hosted.add(instanceId);
                }
                send(exchange, taken ? 409 : 201, taken ? "{\"error\":\"InstanceExists\"}" : "{}");
                return;
            }
            Matcher call = Pattern.compile("/droplets/([^/]+)/(lease|check-in)").matcher(path);
            if (!call.matches()) {
                send(exchange, 404, "{\"error\":\"NotFound\"}");
                return;
            }
            Map<String, String> body = new LinkedHashMap<>();
            Matcher field = FIELD.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            while (field.find()) {
                body.put(field.group(1), field.group(2));
            }
            boolean establish = call.group(2).equals("lease");
            capacity.acquire();
            try {
                Thread.sleep(scale.toWall(establish ? Duration.ofSeconds(60) : checkInTime).toMillis());
            } finally {
                capacity.release();
            }
            long expiry = System.currentTimeMillis() + scale.toWall(Duration.parse(body.get("duration"))).toMillis();
            synchronized (this) {
                Lease current = leases.get(call.group(1));
                if (!establish && (current == null || current.expiresAt() <= System.currentTimeMillis()
                        || !current.leaseId().equals(body.get("leaseId")))) {
                    send(exchange, 409, "{\"error\":\"LeaseNotHeld\"}");
                    return;
                }
                leases.put(call.group(1), new Lease(body.get("holder"), body.get("leaseId"), expiry));
            }
            send(exchange, 200, "{\"leaseId\":\"" + body.get("leaseId") + "\",\"expiresAt\":\""
                    + Instant.ofEpochMilli(expiry) + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "{\"error\":\"Interrupted\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
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
