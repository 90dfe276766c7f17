package io.cascadelab.gameday.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.cascadelab.gameday.GameDayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Where gameday scrapes, injects faults, runs runbooks and checks readiness: the embedded fleet on its loopback
 * addresses, a fleet that Kubernetes or compose runs wherever {@code cascade.gameday.fleet.instance-url} says.
 */
class InstanceUrlsTest {

    @Test
    void clusterFleetIsReachedThroughEachInstancesServiceAndItsDnsThroughTheRunsServer() {
        // what the Helm chart passes to gameday
        FleetProperties fleet = bind(Map.of("cascade.gameday.fleet.enabled", "false",
                "cascade.gameday.fleet.instance-url", "http://cascade-{instance}:{port}"));
        FleetLayout layout = new FleetLayout(fleet);

        assertThat(fleet.external()).isTrue();
        assertThat(urls(layout)).containsEntry("zone", "http://cascade-zone:18053")
                .containsEntry("dns-enactor-az3", "http://cascade-dns-enactor-az3:18063")
                .containsEntry("dynamo-2", "http://cascade-dynamo-2:18000")
                .containsEntry("dwfm-az2", "http://cascade-dwfm-az2:18072")
                .containsEntry("gateway", "http://cascade-gateway:18081")
                .allSatisfy((name, url) -> assertThat(url).doesNotContain("127.0."));
        assertThat(layout.dnsServer(TestFleets.run())).isEqualTo(TestFleets.run().dns().serverAddress());
    }

    @Test
    void embeddedFleetKeepsItsLoopbackAddresses() {
        FleetProperties fleet = bind(Map.of());
        FleetLayout layout = new FleetLayout(fleet);

        assertThat(fleet.external()).isFalse();
        assertThat(urls(layout)).containsEntry("zone", "http://127.0.0.1:18053")
                .containsEntry("dynamo-2", "http://127.0.1.2:18000")
                .containsEntry("dwfm-az2", "http://127.0.0.1:18072");
        assertThat(layout.dnsServer(TestFleets.run())).isEqualTo(new InetSocketAddress("127.0.0.1", 15353));
    }

    @Test
    void templateWithoutTheInstanceIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("cascade.gameday.fleet.instance-url", "http://fleet:{port}")))
                .hasStackTraceContaining("{instance}");
    }

    @Test
    void fleetRunElsewhereIsReadyWhenEveryInstanceAnswersReadyAtItsUrlAndIsNotRestartedHere() throws IOException {
        Set<String> notReady = ConcurrentHashMap.newKeySet();
        notReady.add("dwfm-az2");
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path);
            exchange.sendResponseHeaders(notReady.contains(path.split("/")[1]) ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            FleetProperties fleet = bind(Map.of("cascade.gameday.fleet.instance-url", base + "/{instance}"));
            FleetSupervisor supervisor = new FleetSupervisor(fleet, TestFleets.run(), Clock.systemUTC(), "token");

            FleetSupervisor.Status status = supervisor.status();
            assertThat(status.ready()).isFalse();
            assertThat(status.instances().get("dwfm-az2").state()).isEqualTo(FleetSupervisor.InstanceState.PENDING);
            assertThat(status.instances().get("zone").state()).isEqualTo(FleetSupervisor.InstanceState.READY);
            assertThat(status.instances().get("zone").url()).isEqualTo(base + "/zone");
            assertThat(asked).contains("/dynamo-3/actuator/health/readiness", "/gateway/actuator/health/readiness");

            notReady.clear();
            assertThat(supervisor.status().ready()).isTrue();
            assertThatThrownBy(() -> supervisor.restart("dwfm-az1")).hasMessageContaining("rollout restart");
        } finally {
            server.stop(0);
        }
    }

    private static Map<String, String> urls(FleetLayout layout) {
        Map<String, String> urls = new LinkedHashMap<>();
        layout.instances().forEach(instance -> urls.put(instance.name(), instance.baseUrl()));
        return urls;
    }

    /** As Spring Boot binds gameday's command line. */
    private static FleetProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("cascade.gameday", GameDayProperties.class).fleet();
    }
}
