package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** docker-compose.yml (apt package docker-compose) is valid and runs the chart's fleet with the chart's files. */
class ComposeTest {

    static final String EPOCH = "2026-11-24T00:00:00Z";

    @Test
    void composeFileIsValid() throws Exception {
        Tools.Result result = compose(EPOCH, "config", "-q");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void composeRefusesToStartWithoutASharedEpoch() throws Exception {
        Tools.Result result = compose(null, "config", "-q");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("CASCADE_EPOCH");
    }

    @Test
    void composeRunsTheChartsFleetWithTheSameLabelsAndTheChartsFiles() throws Exception {
        Tools.Result result = compose(EPOCH, "config");
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(result.output()).path("services");

        Map<String, Map<String, String>> chartPods = new LinkedHashMap<>();
        for (Map.Entry<String, Deployment> entry : RenderedChart.render(Map.of()).fleet().entrySet()) {
            chartPods.put(entry.getKey(), RenderedChart.podLabels(entry.getValue().getSpec().getTemplate()));
        }
        List<String> composeFleet = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            if (services.path(name).path("labels").has("cascade.io/instance")) {
                composeFleet.add(name);
            }
        });
        assertThat(composeFleet).containsExactlyInAnyOrderElementsOf(chartPods.keySet());
        for (String instance : composeFleet) {
            JsonNode service = services.path(instance);
            Map<String, String> labels = new LinkedHashMap<>();
            service.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            assertThat(labels).as(instance).isEqualTo(chartPods.get(instance));
            assertThat(service.path("command").toString()).as(instance).contains("--cascade.instance=" + instance);
            assertThat(service.path("environment").path("CASCADE_EPOCH").asText()).isEqualTo(EPOCH);
            assertThat(service.path("read_only").asBoolean()).as(instance).isTrue();
        }

        List<String> mounts = new ArrayList<>();
        for (String name : List.of("coredns", "prometheus", "grafana")) {
            services.path(name).path("volumes").forEach(v -> mounts.add(v.isTextual()
                    ? v.asText().split(":")[0] : v.path("source").asText()));
        }
        assertThat(mounts).allSatisfy(source -> assertThat(Path.of(source)).exists())
                .anySatisfy(s -> assertThat(s).endsWith("helm/cascade/files/dashboards"))
                .anySatisfy(s -> assertThat(s).endsWith("helm/cascade/files/prometheus/rules"))
                .anySatisfy(s -> assertThat(s).endsWith("helm/cascade/files/grafana/datasources.yml"))
                .anySatisfy(s -> assertThat(s).endsWith("helm/cascade/files/coredns/Corefile"));

        // The chart's whole dashboards folder, where Grafana's provider reads: every dashboard file, new ones too.
        String provided = new ObjectMapper(new YAMLFactory()).readTree(Paths.CHART.resolve("files/grafana/dashboards.yml")
                .toFile()).path("providers").get(0).path("options").path("path").asText();
        List<String> dashboardMounts = new ArrayList<>();
        services.path("grafana").path("volumes").forEach(v -> {
            String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText();
            String target = v.isTextual() ? v.asText().split(":")[1] : v.path("target").asText();
            if (Path.of(source).toAbsolutePath().normalize().equals(Paths.DASHBOARDS.normalize())) {
                dashboardMounts.add(target);
            }
        });
        assertThat(dashboardMounts).containsExactly(provided);
    }

    @Test
    void composeGivesEveryNlbNodeAnAddressOfItsOwnOnANetworkGamedaysCustomersAreOn() throws Exception {
        Tools.Result result = compose(EPOCH, "config");
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(result.output()).path("services");
        List<String> command = new ArrayList<>();
        services.path("nlb").path("command").forEach(arg -> command.add(arg.asText()));
        Map<String, String> args = ServicePropertiesTest.properties(command);
        List<String> nodes = List.of(args.get("cascade.nlb.node-addresses").split(","));
        assertThat(nodes).hasSize(3).doesNotHaveDuplicates();
        JsonNode nlbNetworks = services.path("nlb").path("networks");
        JsonNode gamedayNetworks = services.path("gameday").path("networks");
        for (String node : nodes) {
            List<String> networks = new ArrayList<>();
            nlbNetworks.fields().forEachRemaining(n -> {
                if (n.getValue().path("ipv4_address").asText().equals(node)) {
                    networks.add(n.getKey());
                }
            });
            assertThat(networks).as("the network on which nlb has %s", node).hasSize(1);
            assertThat(gamedayNetworks.has(networks.get(0))).as("gameday on " + networks.get(0)).isTrue();
        }
        assertThat(args).containsEntry("cascade.nlb.node-port", "18076");
    }

    @Test
    void composePrometheusConfigIsValidAndScrapesEveryInstance() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        Path config = Paths.REPO.resolve("deploy/compose/prometheus.yml");
        Tools.Result result = Tools.run(Paths.REPO, List.of(promtool.toString(), "check", "config", "--syntax-only",
                config.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        String text = Files.readString(config);
        ChartTest.FLEET.forEach(instance -> assertThat(text).contains("\"" + instance + ":"));
    }

    static Tools.Result compose(String epoch, String... args) throws Exception {
        Path dockerCompose = Tools.require("docker-compose", "docker-compose");
        List<String> command = new ArrayList<>(List.of(dockerCompose.toString(), "-f", Paths.COMPOSE.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Paths.REPO.toFile()).redirectErrorStream(true);
        builder.environment().remove("CASCADE_EPOCH");
        if (epoch != null) {
            builder.environment().put("CASCADE_EPOCH", epoch);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        return new Tools.Result(process.waitFor(), output);
    }
}
