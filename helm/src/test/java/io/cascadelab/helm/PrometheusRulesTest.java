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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** promtool (apt package prometheus) checks the rule files and runs their unit tests. */
class PrometheusRulesTest {

    @Test
    void ruleFilesAreValid() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
        ruleFiles().forEach(f -> command.add(f.toString()));
        Tools.Result result = Tools.run(Paths.MODULE, command);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        try (Stream<Path> tests = Files.list(Paths.RULE_TESTS)) {
            tests.filter(f -> f.toString().endsWith(".yml")).sorted().forEach(f -> command.add(f.toString()));
        }
        assertThat(command).hasSizeGreaterThan(3);
        Tools.Result result = Tools.run(Paths.RULE_TESTS, command);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void everyAlertHasAUnitTestThatExpectsItToFire() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Set<String> alerts = new TreeSet<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : yaml.readTree(file.toFile()).path("groups")) {
                group.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText()));
            }
        }
        Set<String> firing = new TreeSet<>();
        try (Stream<Path> tests = Files.list(Paths.RULE_TESTS)) {
            for (Path test : tests.toList()) {
                for (JsonNode scenario : yaml.readTree(test.toFile()).path("tests")) {
                    for (JsonNode check : scenario.path("alert_rule_test")) {
                        if (!check.path("exp_alerts").isEmpty()) {
                            firing.add(check.path("alertname").asText());
                        }
                    }
                }
            }
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(6);
        assertThat(firing).containsAll(alerts);
    }

    private static List<Path> ruleFiles() throws IOException {
        try (Stream<Path> files = Files.list(Paths.RULES)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
