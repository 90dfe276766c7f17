package io.cascadelab.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.fleet.FleetChecks;
import io.cascadelab.gameday.fleet.FleetProperties;
import io.cascadelab.gameday.fleet.FleetSupervisor;
import io.cascadelab.gameday.fleet.TestFleets;
import io.cascadelab.gameday.probe.DnsProber;
import io.cascadelab.gameday.runbook.RunbookExecutor;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.random.SeededRandoms;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded fleet and a game day on it, end to end, as {@code ./cascade gameday} runs them: one fleet
 * started the way {@code ./cascade up} starts it (real PostgreSQL, a real KRaft broker, every service instance
 * as its own JVM from the jars the reactor just built) serves all three tests, because a start costs minutes
 * on two cores. The game day runs first, on the fresh fleet: real chaos through the fault hooks, the
 * automatic operator, detection from the fleet's own metrics, and the report checked against the phases the
 * scenario is meant to produce. The fleet's own checks follow on the same fleet; the one that kills an
 * instance runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GameDayEndToEndTest {

    private static final long SEED = 1;
    private static final double TIME_SCALE = 60;

    @TempDir
    static Path stateDir;

    private FleetProperties fleet;
    private CascadeProperties run;
    private FleetSupervisor supervisor;

    @BeforeAll
    void startFleet() {
        fleet = TestFleets.fleet(stateDir, Map.of(), Duration.ofSeconds(180));
        run = TestFleets.run(CascadeProperties.Mode.INCIDENT, SEED, TIME_SCALE);
        supervisor = new FleetSupervisor(fleet, run, Clock.systemUTC(), "e2e-token");
        supervisor.start();
    }

    @AfterAll
    void stopFleet() {
        if (supervisor != null) {
            supervisor.stop();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes left after the fleet stopped").isEmpty();
    }

    @Test
    @Order(1)
    void dnsRaceEmptiesTheRegionalNameAndTheOperatorRestoresIt() throws Exception {
        JsonNode report = runGameDay("dns-race", Duration.ofMinutes(10));
        assertThat(report.get("status").asString()).isEqualTo("finished");
        assertThat(eventNames(report)).as("chaos only once the fleet is steady; first event: %s", report.get("events").get(0))
                .startsWith("fleet.steady");
        JsonNode dns = phase(report, "1-dns");
        assertThat(dns.get("occurred").asBoolean()).isTrue();
        assertThat(dns.get("startSeconds").asDouble()).isZero();
        // Ended by clients reconnecting after the operator's repair at T+2:37, not before it.
        assertThat(dns.get("endSeconds").asDouble()).isGreaterThanOrEqualTo(2 * 3600 + 37 * 60);
        assertThat(eventNames(report)).containsSubsequence("chaos.applied", "dns.regional.empty", "chaos.lifted",
                "runbook.restore-dns", "dns.regional.restored", "dynamo.clients.recovered");
        assertThat(report.get("signals").get("dnsAnswersMin").asDouble()).isZero();
        assertThat(stateDir.resolve("runs").resolve(report.get("id").asString()).resolve("report.html")).isRegularFile();
    }

    @Test
    @Order(2)
    void theFleetIsUpWithWorkingInfrastructure() throws Exception {
        FleetChecks.assertTheFleetIsUpWithWorkingInfrastructure(supervisor);
    }

    /**
     * The runbook restarts every DWFM for real and at once. One after another, each JVM's start delayed the next by
     * its whole boot (15–40 s here), and the last AZ began recovering an incident hour and a half after the first.
     */
    @Test
    @Order(3)
    void dwfmRestartReplacesEveryHostAtOnce() {
        Map<String, Long> before = new TreeMap<>();
        supervisor.status().instances().forEach((name, instance) -> {
            if (instance.service().equals("dwfm")) {
                before.put(name, instance.pid());
            }
        });
        LocalChaosRunner chaos = new LocalChaosRunner(supervisor.layout(), supervisor.faultToken(), Clock.systemUTC(),
                new SeededRandoms(SEED).forComponent("gameday/chaos"), supervisor::kill);
        RunbookExecutor.Result result = new RunbookExecutor(supervisor, chaos,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).run("dwfm-restart", null);

        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(before).hasSize(3);
        List<Instant> started = new ArrayList<>();
        before.forEach((name, oldPid) -> {
            FleetSupervisor.InstanceStatus now = supervisor.status().instances().get(name);
            assertThat(now.state()).isEqualTo(FleetSupervisor.InstanceState.READY);
            assertThat(now.pid()).as(name + " is a new process").isNotEqualTo(oldPid);
            assertThat(ProcessHandle.of(oldPid).filter(ProcessHandle::isAlive)).as(name + "'s old process").isEmpty();
            started.add(ProcessHandle.of(now.pid()).orElseThrow().info().startInstant().orElseThrow());
        });
        // Started together: a spread shorter than any DWFM's boot, which one after another would have been at least.
        assertThat(Duration.between(Collections.min(started), Collections.max(started)))
                .isLessThan(Duration.ofSeconds(8));
    }

    @Test
    @Order(4)
    void chaosReachesExactlyTheSelectedInstanceAndAKilledInstanceIsReplaced() throws Exception {
        FleetChecks.assertChaosReachesExactlyTheSelectedInstance(supervisor);
        FleetChecks.assertAKilledInstanceIsReplaced(supervisor);
    }

    private JsonNode runGameDay(String scenario, Duration limit) throws Exception {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SeededRandoms randoms = new SeededRandoms(SEED);
        ScheduledExecutorService probing = Executors.newSingleThreadScheduledExecutor();
        GameDayService gameDays = null;
        try {
            LocalChaosRunner chaos = new LocalChaosRunner(supervisor.layout(), supervisor.faultToken(), clock,
                    randoms.forComponent("gameday/chaos"), supervisor::kill);
            RunbookExecutor runbooks = new RunbookExecutor(supervisor, chaos, registry);
            DnsProber prober = new DnsProber(new InetSocketAddress("127.0.0.1", fleet.ports().dns()),
                    Duration.ofMillis(500), List.of(fleet.dynamoName() + "/A"), registry);
            probing.scheduleWithFixedDelay(prober::probeAll, 0, 250, TimeUnit.MILLISECONDS);
            gameDays = new GameDayService(supervisor, fleet, run, chaos, runbooks, prober, registry, randoms, clock);
            GameDayRun gameDay = gameDays.start(scenario, "auto");
            Awaitility.await().atMost(limit).pollInterval(Duration.ofSeconds(2)).until(() -> !gameDay.running());
            saveScrapes(supervisor, registry);
            Path reportFile = stateDir.resolve("runs").resolve(gameDay.identity().id()).resolve("report.json");
            return JsonMapper.builder().build().readTree(Files.readString(reportFile));
        } finally {
            if (gameDays != null) {
                gameDays.close();
            }
            probing.shutdownNow();
        }
    }

    /**
     * Keeps what every instance exported after a real game day (and gameday's own meters), for the
     * helm-verify module's check that dashboards and alert rules only query metrics that exist.
     */
    private static void saveScrapes(FleetSupervisor supervisor, PrometheusMeterRegistry gameday) throws Exception {
        Path dir = Path.of("target/fleet-metrics");
        Files.createDirectories(dir);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (var instance : supervisor.layout().instances()) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(instance.baseUrl()
                    + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                Files.writeString(dir.resolve(instance.name() + ".prom"), response.body());
            }
        }
        Files.writeString(dir.resolve("gameday.prom"), gameday.scrape());
    }

    static JsonNode phase(JsonNode report, String id) {
        for (JsonNode phase : report.get("phases")) {
            if (phase.get("id").asString().equals(id)) {
                return phase;
            }
        }
        throw new AssertionError("no phase " + id + " in the report");
    }

    static List<String> eventNames(JsonNode report) {
        List<String> names = new java.util.ArrayList<>();
        report.get("events").forEach(event -> names.add(event.get("name").asString()));
        return names;
    }
}
