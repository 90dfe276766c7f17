package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every metric the dashboards and alert rules query is exported by the running services — Cascade's own meters and
 * the JVM, process and HTTP meters Micrometer adds — except the few that other exporters provide, each under a
 * scrape job of its own (see {@link #exportedElsewhere}). The scrapes are the ones gameday's end-to-end game day
 * saved from every instance's {@code /actuator/prometheus} after a real run on the embedded fleet (it runs earlier
 * in the same {@code ./mvnw verify}).
 */
class ExportedMetricsTest {

    static final Path SCRAPES = Paths.REPO.resolve("services/gameday/target/fleet-metrics");

    /**
     * Not the services': Prometheus' own {@code up} per target; CoreDNS's {@code coredns_*} (job coredns); Chaos
     * Mesh's controller-manager's {@code chaos_controller_manager_*} (job chaos-mesh, values
     * prometheus.chaosMesh), which the dashboards' "Chaos Mesh" annotation reads. Nothing else is exempt.
     */
    static boolean exportedElsewhere(String name) {
        return name.equals("up") || name.startsWith("coredns_") || name.startsWith("chaos_controller_manager_");
    }

    @Test
    void everyMetricInTheDashboardsAndRulesIsExportedByTheFleet() throws IOException {
        assertThat(SCRAPES).as("scrapes from gameday's GameDayEndToEndTest (./mvnw verify runs it before this module)")
                .isDirectory();
        List<String> scrapes = new ArrayList<>();
        try (Stream<Path> files = Files.list(SCRAPES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".prom")).toList()) {
                scrapes.add(Files.readString(file));
            }
        }
        assertThat(scrapes).as("one scrape per instance").hasSizeGreaterThanOrEqualTo(15);
        Set<String> required = new TreeSet<>(MetricNames.inDashboards(Paths.DASHBOARDS));
        required.addAll(MetricNames.inRules(Paths.RULES));
        required.removeIf(ExportedMetricsTest::exportedElsewhere);
        assertThat(MetricNames.missingFrom(required, scrapes)).as("queried by dashboards or rules, exported by no instance")
                .isEmpty();
    }

    @Test
    void onlyPrometheusCoreDnsAndChaosMeshMetricsAreExempt() {
        assertThat(List.of("up", "coredns_dns_responses_total", "chaos_controller_manager_chaos_experiments"))
                .allMatch(ExportedMetricsTest::exportedElsewhere);
        assertThat(List.of("cascade_dwfm_leases", "jvm_memory_used_bytes", "http_server_requests_seconds",
                "chaos_mesh_templates", "chaos_daemon_iptables_packets", "up_total"))
                .noneMatch(ExportedMetricsTest::exportedElsewhere);
    }
}
