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
 * Every metric the dashboards and alert rules query is exported by the running services. The scrapes are
 * the ones gameday's end-to-end game day saved from every instance's {@code /actuator/prometheus} after a
 * real run on the embedded fleet (it runs earlier in the same {@code ./mvnw verify}).
 */
class ExportedMetricsTest {

    static final Path SCRAPES = Paths.REPO.resolve("services/gameday/target/fleet-metrics");

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
        Set<String> required = new TreeSet<>(MetricNames.cascadeOnly(MetricNames.inDashboards(Paths.DASHBOARDS)));
        required.addAll(MetricNames.cascadeOnly(MetricNames.inRules(Paths.RULES)));
        assertThat(MetricNames.missingFrom(required, scrapes)).as("queried by dashboards or rules, exported by no instance")
                .isEmpty();
    }
}
