package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** The Grafana dashboards as files: valid JSON, bound to the provisioned datasource, every panel querying. */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPanelQueriesTheProvisionedDatasource() throws IOException {
        JsonNode provisioning = new ObjectMapper(new YAMLFactory()).readTree(Paths.GRAFANA_DATASOURCES.toFile());
        String uid = provisioning.path("datasources").get(0).path("uid").asText();
        assertThat(uid).isNotBlank();
        Set<String> dashboardUids = new HashSet<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            assertThat(dashboardUids.add(dashboard.path("uid").asText())).as(name + " uid unique").isTrue();
            assertThat(dashboard.path("panels").size()).as(name).isPositive();
            for (JsonNode panel : dashboard.path("panels")) {
                String title = name + ": " + panel.path("title").asText();
                assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(uid);
                assertThat(panel.path("targets").size()).as(title + " has a query").isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as(title).isNotBlank();
                    assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(uid);
                }
            }
            List<String> annotationNames = dashboard.path("annotations").path("list").findValuesAsText("name");
            assertThat(annotationNames).as(name).contains("Chaos", "Chaos Mesh", "Runbooks");
            for (JsonNode annotation : dashboard.path("annotations").path("list")) {
                if (annotation.has("expr")) {
                    assertThat(annotation.path("datasource").path("uid").asText()).as(name).isEqualTo(uid);
                    assertTitleAndTagsUseLabelsTheQueryKeeps(name, annotation);
                }
            }
        }
    }

    /** The overview: a panel per phase as chaos/scenarios and shared/TIMELINE.md number them, and the chaos. */
    @Test
    void overviewHasAPanelPerPhaseOfTheScenario() throws IOException {
        JsonNode overview = JSON.readTree(Paths.DASHBOARDS.resolve("overview.json").toFile());
        Set<String> shown = new HashSet<>();
        for (String title : overview.path("panels").findValuesAsText("title")) {
            Matcher phases = PHASE_TITLE.matcher(title);
            if (phases.find()) {
                shown.addAll(List.of(phases.group(1).split("/")));
            }
        }
        JsonNode scenario = new ObjectMapper(new YAMLFactory())
                .readTree(Paths.CHAOS.resolve("scenarios/us-east-1-2025.yaml").toFile());
        List<String> phases = new ArrayList<>();
        scenario.path("phases").forEach(phase -> phases.add(phase.asText().split("-", 2)[0]));
        assertThat(phases).as("the scenario's phases").contains("1", "2a", "2b", "2c", "3", "4", "5");
        assertThat(shown).as("phases with a panel on the overview").containsExactlyInAnyOrderElementsOf(phases);
        assertThat(overview.path("panels").findValuesAsText("title")).anyMatch(t -> t.startsWith("Chaos"));
    }

    /**
     * A dashboard per subsystem, graphing that subsystem's own meters: DNS (zone, planner, enactors), DynamoDB,
     * DWFM with the droplets and EC2's launches, Network Manager with the NLB.
     */
    @Test
    void eachSubsystemHasADashboardGraphingItsOwnMeters() throws IOException {
        Map<String, List<String>> subsystems = Map.of(
                "dns.json", List.of("cascade_zone_", "cascade_dns_plan_", "cascade_dns_enactor_"),
                "dynamo.json", List.of("cascade_dynamo_requests", "cascade_dynamo_errors", "cascade_dynamo_latency",
                        "cascade_dynamo_throttles"),
                "dwfm.json", List.of("cascade_dwfm_", "cascade_droplets_", "cascade_ec2_launches"),
                "network-nlb.json", List.of("cascade_netmgr_", "cascade_nlb_"));
        assertThat(dashboards()).extracting(p -> p.getFileName().toString())
                .contains("overview.json", "fleet.json").containsAll(subsystems.keySet());
        subsystems.forEach((file, prefixes) -> {
            Set<String> graphed = MetricNames.inDashboard(Paths.DASHBOARDS.resolve(file));
            for (String prefix : prefixes) {
                assertThat(graphed).as(file + " graphs " + prefix + "*").anyMatch(name -> name.startsWith(prefix));
            }
        });
    }

    private static final Pattern PHASE_TITLE = Pattern.compile("^Phase ([0-9][a-z]?(?:/[0-9][a-z]?)*) — ");

    /**
     * An annotation's title and tags name labels of its query's series; the query must keep them (aggregate
     * {@code by} them), or Grafana shows the placeholder empty ({@code {{action}}} on a counter tagged runbook and
     * outcome did).
     */
    private static void assertTitleAndTagsUseLabelsTheQueryKeeps(String dashboard, JsonNode annotation) {
        String what = dashboard + " annotation " + annotation.path("name").asText();
        Matcher by = BY.matcher(annotation.path("expr").asText());
        assertThat(by.find()).as(what + ": aggregates by the labels it shows").isTrue();
        Set<String> kept = Set.of(by.group(1).trim().split("\\s*,\\s*"));
        Matcher placeholder = PLACEHOLDER.matcher(annotation.path("titleFormat").asText());
        List<String> used = new ArrayList<>();
        while (placeholder.find()) {
            used.add(placeholder.group(1));
        }
        assertThat(used).as(what + " title").isNotEmpty();
        used.addAll(List.of(annotation.path("tagKeys").asText().split(",")));
        assertThat(kept).as(what + ": labels of " + annotation.path("expr").asText()).containsAll(used);
    }

    private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(Paths.DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
