package io.cascadelab.helm;

import java.nio.file.Path;

/** Where the files under test live, relative to the helm-verify module (Maven runs tests in helm/). */
final class Paths {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path REPO = MODULE.getParent();
    static final Path CHART = MODULE.resolve("cascade");
    static final Path DASHBOARDS = CHART.resolve("files/dashboards");
    static final Path RULES = CHART.resolve("files/prometheus/rules");
    static final Path RULE_TESTS = MODULE.resolve("prometheus-tests");
    static final Path GRAFANA_DATASOURCES = CHART.resolve("files/grafana/datasources.yml");
    static final Path CHAOS = REPO.resolve("chaos");
    static final Path COMPOSE = REPO.resolve("docker-compose.yml");

    private Paths() {
    }
}
