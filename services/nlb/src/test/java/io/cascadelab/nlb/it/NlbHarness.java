package io.cascadelab.nlb.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cascadelab.contracts.Topics;
import io.cascadelab.nlb.NlbApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One NLB against a real KRaft broker and in-test fakes of droplets, the gateway and the zone's Route 53 API.
 * Time scale 20: an incident minute is 3 wall seconds. Nodes listen on 127.0.9.1-3 (not the fleet's 127.0.2.x)
 * on a free port.
 */
final class NlbHarness implements AutoCloseable {

    static final double TIME_SCALE = 20;
    static final String TOKEN = "test-token";
    static final List<String> NODES = List.of("127.0.9.1", "127.0.9.2", "127.0.9.3");

    final EmbeddedKafkaKraftBroker kafka;
    final FakeDroplets droplets;
    final FakeGateway gateway;
    final FakeRoute53 route53;
    final ConfigurableApplicationContext nlb;
    final int nodePort;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    NlbHarness(String mode, String... extra) throws Exception {
        this(mode, 0, extra);
    }

    /** @param existingPerAz instances of owner app already running in each AZ before the NLB starts */
    NlbHarness(String mode, int existingPerAz, String... extra) throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.EC2_INSTANCES);
        kafka.brokerProperties(java.util.Map.of("group.initial.rebalance.delay.ms", "0"));
        kafka.afterPropertiesSet();
        droplets = new FakeDroplets();
        gateway = new FakeGateway(droplets, kafka.getBrokersAsString());
        route53 = new FakeRoute53("cascade.test");
        for (String az : List.of("az1", "az2", "az3")) {
            for (int i = 0; i < existingPerAz; i++) {
                droplets.launch(String.format("i-0e%s%013d", az.substring(2), i), az);
            }
        }
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--spring.jmx.enabled=false",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.kafka.consumer.group-id=nlb-test-" + System.nanoTime(),
                "--cascade.mode=" + mode, "--cascade.seed=11", "--cascade.time-scale=" + TIME_SCALE,
                "--cascade.faults.token=" + TOKEN, "--cascade.dns.zone-name=cascade.test",
                "--cascade.nlb.droplets-url=" + droplets.url(), "--cascade.nlb.zone-url=" + route53.url(),
                "--cascade.nlb.gateway-url=" + gateway.url(),
                "--cascade.nlb.node-addresses=" + String.join(",", NODES), "--cascade.nlb.node-port=" + freePort(NODES.get(0)),
                "--cascade.nlb.targets.desired-per-az=4", "--cascade.nlb.targets.provision-interval=10s",
                "--cascade.nlb.targets.replace-after=3m",
                // the default, stated: checks run from the NLB process unless a test asks for hosts (CheckerHostsTest)
                "--cascade.nlb.checker-hosts.count=0",
                "--logging.structured.format.console=", "--logging.level.root=WARN"));
        // an extra argument replaces the default of the same name (Spring would join repeated ones into a list)
        List<String> overridden = Arrays.stream(extra).map(arg -> arg.substring(0, arg.indexOf('=') + 1)).toList();
        args.removeIf(arg -> overridden.contains(arg.substring(0, arg.indexOf('=') + 1)));
        args.addAll(List.of(extra));
        nodePort = Integer.parseInt(args.stream().filter(arg -> arg.startsWith("--cascade.nlb.node-port="))
                .findFirst().orElseThrow().substring("--cascade.nlb.node-port=".length()));
        nlb = new SpringApplicationBuilder(NlbApplication.class).run(args.toArray(String[]::new));
    }

    static Duration incident(Duration incident) {
        return Duration.ofNanos((long) (incident.toNanos() / TIME_SCALE));
    }

    static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    String controlUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) nlb).getWebServer().getPort();
    }

    MeterRegistry meters() {
        return nlb.getBean(MeterRegistry.class);
    }

    /** Sum over every series of the counter in that AZ (flips, for one, are also tagged by direction). */
    double counter(String name, String az) {
        return meters().find(name).tag("az", az).counters().stream().mapToDouble(Counter::count).sum();
    }

    double gauge(String name, String az) {
        Gauge gauge = az == null ? meters().find(name).gauge() : meters().find(name).tag("az", az).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    /** A customer's request through a node; the response, or the exception a client sees. */
    HttpResponse<String> customer(String node, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + node + ":" + nodePort + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String authorization, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controlUrl() + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(controlUrl() + path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(controlUrl() + path)).timeout(Duration.ofSeconds(5)).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Removals seen by the zone: an address in one write missing from the next. */
    List<FakeRoute53.Write> removals() {
        List<FakeRoute53.Write> removals = new ArrayList<>();
        List<FakeRoute53.Write> writes = List.copyOf(route53.writes);
        for (int i = 1; i < writes.size(); i++) {
            if (!writes.get(i).values().containsAll(writes.get(i - 1).values())) {
                removals.add(writes.get(i));
            }
        }
        return removals;
    }

    /**
     * The environment's flood: propagation slows to {@code delay} and most instances of the given AZs lose their
     * network state, so the NLB replaces them with launches that race the slow propagation.
     */
    void flood(Duration incidentDelay, int lostPerAz, String... azs) {
        droplets.propagationDelay(incident(incidentDelay));
        for (String az : azs) {
            droplets.in(az).stream().limit(lostPerAz).forEach(i -> droplets.loseNetwork(i.id()));
        }
    }

    @Override
    public void close() {
        nlb.close();
        gateway.close();
        route53.close();
        droplets.close();
        kafka.destroy();
    }
}
