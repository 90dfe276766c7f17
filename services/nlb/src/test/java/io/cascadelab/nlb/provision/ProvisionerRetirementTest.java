package io.cascadelab.nlb.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cascadelab.nlb.NlbMetrics;
import io.cascadelab.nlb.NlbProperties;
import io.cascadelab.nlb.target.Target;
import io.cascadelab.nlb.target.TargetGroup;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instance recycling: a target past its lifetime is replaced launch-first, one per AZ per look, and stays when the
 * replacement cannot be launched. At 3600x an incident hour is a wall second.
 */
class ProvisionerRetirementTest {

    private static final TimeScale SCALE = new TimeScale(3600);

    private final AtomicBoolean capacity = new AtomicBoolean(true);
    private final AtomicInteger next = new AtomicInteger(1);
    private final List<String> launched = new CopyOnWriteArrayList<>();
    private final List<String> terminated = new CopyOnWriteArrayList<>();
    private HttpServer gateway;
    private TargetGroup targets;
    private Provisioner provisioner;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", this::handle);
        gateway.start();
        registry = new SimpleMeterRegistry();
        NlbMetrics metrics = new NlbMetrics(registry);
        targets = new TargetGroup(true, 2, 3, metrics::flip);
        NlbProperties.Targets config = new NlbProperties.Targets(2, Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ofMinutes(10), true, Duration.ofHours(1));
        Ec2Client ec2 = new Ec2Client(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort()),
                HttpClient.newHttpClient(), new FaultHook(Clock.systemUTC(), new SplittableRandom(1), registry),
                Duration.ofSeconds(5));
        provisioner = new Provisioner(config, List.of("az1", "az2"), targets, ec2,
                new IncidentClock(Clock.systemUTC(), SCALE, Instant.now()), new SplittableRandom(5), metrics);
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    @Test
    void aTargetPastItsLifetimeIsReplacedLaunchFirstOnePerAzPerLook() throws Exception {
        provisioner.reconcile();
        Set<String> first = ids();
        assertThat(first).hasSize(4);
        assertThat(terminated).isEmpty();

        Thread.sleep(1_400); // 1.4 incident hours: every target is past its lifetime (1 h ± 25 %)
        provisioner.reconcile();
        assertThat(launched).hasSize(6);
        assertThat(terminated).hasSize(2).allSatisfy(id -> assertThat(first).contains(id));
        assertThat(targets.all()).hasSize(4);
        assertThat(targets.all().stream().map(Target::az).collect(Collectors.groupingBy(az -> az, Collectors.counting())))
                .containsEntry("az1", 2L).containsEntry("az2", 2L);

        provisioner.reconcile();
        assertThat(terminated).containsExactlyInAnyOrderElementsOf(first);
        assertThat(ids()).doesNotContainAnyElementsOf(first).hasSize(4);
        assertThat(registry.find("cascade.nlb.retirements").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(4);
    }

    @Test
    void withoutCapacityForTheReplacementTheOldTargetStays() throws Exception {
        provisioner.reconcile();
        Set<String> first = ids();
        capacity.set(false);
        Thread.sleep(1_400);
        provisioner.reconcile();
        assertThat(terminated).isEmpty();
        assertThat(ids()).isEqualTo(first);
        assertThat(targets.all()).noneMatch(target -> target.view().terminating());
    }

    private Set<String> ids() {
        return targets.all().stream().map(Target::instanceId).collect(Collectors.toSet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8);
            String body;
            int status = 200;
            if (form.contains("Action=RunInstances") && !capacity.get()) {
                status = 400;
                body = "<Response><Errors><Error><Code>InsufficientInstanceCapacity</Code><Message>none</Message>"
                        + "</Error></Errors><RequestID>r</RequestID></Response>";
            } else if (form.contains("Action=RunInstances")) {
                String id = String.format("i-%017x", next.getAndIncrement());
                launched.add(id);
                body = "<RunInstancesResponse><instancesSet><item><instanceId>" + id + "</instanceId></item>"
                        + "</instancesSet></RunInstancesResponse>";
            } else {
                String id = form.replaceAll(".*InstanceId\\.1=([^&]+).*", "$1");
                terminated.add(id);
                body = "<TerminateInstancesResponse/>";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
