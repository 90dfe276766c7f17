package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    @Test
    void overviewHasAPanelPerPhaseAndEachSubsystemHasADashboard() throws IOException {
        JsonNode overview = JSON.readTree(Paths.DASHBOARDS.resolve("overview.json").toFile());
        List<String> titles = overview.path("panels").findValuesAsText("title");
        for (String phase : List.of("Phase 1", "Phase 2", "Phase 3", "Phase 4", "Phase 5", "Chaos")) {
            assertThat(titles).as(phase).anyMatch(t -> t.startsWith(phase));
        }
        assertThat(dashboards()).extracting(p -> p.getFileName().toString())
                .contains("overview.json", "dns.json", "dwfm.json", "network-nlb.json", "fleet.json");
    }

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
