package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartTest {

    /** FleetLayout's instances in its order, plus gameday (the supervisor locally, a Deployment here). */
    static final List<String> FLEET = List.of("zone", "dns-planner", "dns-enactor-az1", "dns-enactor-az2",
            "dns-enactor-az3", "dynamo-1", "dynamo-2", "dynamo-3", "droplets", "dwfm-az1", "dwfm-az2", "dwfm-az3",
            "network-manager", "nlb", "gateway", "gameday");

    static RenderedChart incident;
    static RenderedChart fixed;

    @BeforeAll
    static void render() throws IOException {
        incident = RenderedChart.render(Map.of());
        fixed = RenderedChart.render(Map.of("mode", "fixed", "timeScale", "120", "seed", "42"));
        // Kept for people reading a failure: what the chart rendered.
        Files.createDirectories(Paths.MODULE.resolve("target"));
        Files.writeString(Paths.MODULE.resolve("target/rendered-incident.yaml"), incident.yaml);
        Files.writeString(Paths.MODULE.resolve("target/rendered-fixed.yaml"), fixed.yaml);
    }

    @ParameterizedTest
    @ValueSource(strings = {"incident", "fixed"})
    void chartLintsCleanUnderStrictLint(String mode, @TempDir Path temp) throws IOException {
        Path chart = copyChart(temp, mode);
        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void everyRenderedManifestIsATypedKubernetesObject() {
        for (RenderedChart chart : List.of(incident, fixed)) {
            assertThat(chart.objects).isNotEmpty().allSatisfy(object -> {
                assertThat(object).as(object.getKind() + " " + object.getMetadata().getName())
                        .isNotInstanceOf(GenericKubernetesResource.class);
                assertThat(object.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThan(64);
            });
        }
    }

    @Test
    void fleetHasEveryInstanceOfTheLauncherWithItsLabels() {
        Map<String, Deployment> fleet = incident.fleet();
        assertThat(fleet.keySet()).containsExactlyElementsOf(FLEET);
        fleet.forEach((instance, deployment) -> {
            Map<String, String> labels = RenderedChart.podLabels(deployment.getSpec().getTemplate());
            String service = instance.replaceFirst("-(az\\d|\\d)$", "");
            assertThat(labels).as(instance)
                    .containsEntry("app.kubernetes.io/name", "cascade")
                    .containsEntry("app.kubernetes.io/component", service)
                    .containsEntry("cascade.io/instance", instance);
            boolean zonal = List.of("dns-enactor", "dynamo", "dwfm").contains(service);
            if (zonal) {
                assertThat(labels).as(instance).containsKey("cascade.io/az");
            } else {
                assertThat(labels).as(instance).doesNotContainKey("cascade.io/az");
            }
        });
        assertThat(fleet.entrySet()).filteredOn(e -> e.getKey().startsWith("dynamo-"))
                .extracting(e -> RenderedChart.podLabels(e.getValue().getSpec().getTemplate()).get("cascade.io/az"))
                .containsExactly("az1", "az2", "az3");
    }

    @Test
    void everyServiceGetsTheLaunchersRunPropertiesAndModeComesFromValues() {
        for (Map.Entry<String, Deployment> entry : fixed.fleet().entrySet()) {
            Container container = RenderedChart.container(entry.getValue());
            assertThat(container.getArgs()).as(entry.getKey()).contains(
                    "--cascade.instance=" + entry.getKey(), "--cascade.mode=fixed", "--cascade.seed=42",
                    "--cascade.time-scale=120", "--cascade.dns.server=cascade-coredns.cascade.svc:53",
                    "--cascade.dns.zone-name=cascade.test", "--server.address=0.0.0.0");
            assertThat(container.getEnv()).as(entry.getKey())
                    .anySatisfy(env -> {
                        assertThat(env.getName()).isEqualTo("CASCADE_FAULTS_TOKEN");
                        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("faults-token");
                    })
                    .anySatisfy(env -> assertThat(env.getName()).isEqualTo("CASCADE_EPOCH"));
        }
        assertThat(RenderedChart.container(incident.fleet().get("dwfm-az2")).getArgs())
                .contains("--cascade.mode=incident", "--cascade.az=az2", "--server.port=18072")
                .as("dwfm has no Kafka client").noneMatch(arg -> arg.startsWith("--spring.kafka."));
        assertThat(RenderedChart.container(incident.fleet().get("network-manager")).getArgs())
                .contains("--spring.kafka.bootstrap-servers=cascade-kafka:9092");
        assertThat(RenderedChart.container(incident.fleet().get("dns-planner")).getArgs())
                .contains("--spring.datasource.url=jdbc:postgresql://cascade-postgres:5432/planner");
        assertThat(RenderedChart.container(incident.fleet().get("zone")).getArgs())
                .contains("--spring.datasource.url=jdbc:postgresql://cascade-postgres:5432/zone");
        assertThat(RenderedChart.container(incident.fleet().get("dynamo-3")).getArgs())
                .contains("--cascade.dynamo.node.address=$(POD_IP)",
                        "--spring.datasource.url=jdbc:postgresql://cascade-postgres:5432/dynamo");
    }

    @Test
    void everyPodRunsNonRootOnAReadOnlyRootFilesystemWithProbesAndResources() {
        for (Deployment deployment : incident.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isPositive();
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name).containsKey("memory");
                assertThat(container.getLivenessProbe()).as(name).isNotNull();
                assertThat(container.getReadinessProbe()).as(name).isNotNull();
            }
        }
        for (Deployment deployment : incident.fleet().values()) {
            Container container = RenderedChart.container(deployment);
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
                    .contains("tmp");
        }
    }

    /**
     * Kafka runs on a read-only root filesystem because the chart starts the broker itself with a mounted
     * server.properties; everything it writes (data, LOG_DIR, /tmp) is an emptyDir.
     */
    @Test
    void kafkaWritesOnlyToEmptyDirsAndReadsItsPropertiesFromTheConfigMap() {
        Deployment kafka = incident.named(Deployment.class, "cascade-kafka");
        Container container = RenderedChart.container(kafka);
        PodSpec pod = kafka.getSpec().getTemplate().getSpec();
        String properties = incident.configMap("kafka").getData().get("server.properties");
        assertThat(properties).contains("log.dirs=/var/lib/kafka/data", "process.roles=broker,controller",
                "advertised.listeners=PLAINTEXT://cascade-kafka:9092", "controller.quorum.voters=1@localhost:9093");
        assertThat(container.getArgs().get(0)).contains("kafka-storage.sh format", "--ignore-formatted",
                "kafka-server-start.sh /etc/kafka/cascade/server.properties");
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("LOG_DIR");
            assertThat(env.getValue()).isEqualTo("/var/log/kafka");
        });
        Map<String, String> mounts = new java.util.HashMap<>();
        container.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m.getName()));
        for (String writable : List.of("/var/lib/kafka/data", "/var/log/kafka", "/tmp")) {
            assertThat(mounts).as(writable).containsKey(writable);
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(mounts.get(writable)))
                    .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).as(writable).isNotNull());
        }
        assertThat(mounts).containsEntry("/etc/kafka/cascade", "config");
    }

    @Test
    void everyServiceSelectsExactlyOneWorkloadAndEachDynamoNodeHasItsOwnAddress() {
        Map<String, Map<String, String>> pods = incident.podsByWorkload();
        for (Service service : incident.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<String> selected = pods.entrySet().stream()
                    .filter(pod -> pod.getValue().entrySet().containsAll(selector.entrySet()))
                    .map(Map.Entry::getKey).toList();
            assertThat(selected).as(service.getMetadata().getName()).hasSize(1);
        }
        assertThat(incident.all(Service.class)).extracting(s -> s.getMetadata().getName())
                .contains("cascade-dynamo-1", "cascade-dynamo-2", "cascade-dynamo-3");
        assertThat(incident.all(Service.class)).filteredOn(s -> s.getMetadata().getName().startsWith("cascade-dynamo"))
                .allSatisfy(s -> assertThat(s.getSpec().getClusterIP()).as("a ClusterIP, not headless").isNull());
    }

    @Test
    void customersReachEachNlbNodeThroughAServiceOfItsOwnThatForwardsToWhereTheNodeListens() {
        Container nlb = RenderedChart.container(incident.fleet().get("nlb"));
        Map<String, String> args = ServicePropertiesTest.properties(nlb.getArgs());
        List<String> nodes = List.of(args.get("cascade.nlb.node-addresses").split(","));
        List<String> listen = List.of(args.get("cascade.nlb.node-listen").split(","));
        int nodePort = Integer.parseInt(args.get("cascade.nlb.node-port"));
        assertThat(nodes).containsExactly("cascade-nlb-az1", "cascade-nlb-az2", "cascade-nlb-az3");
        assertThat(listen).hasSameSizeAs(nodes).allSatisfy(socket -> assertThat(socket).startsWith("0.0.0.0:"));
        Map<String, Integer> containerPorts = new HashMap<>();
        nlb.getPorts().forEach(p -> containerPorts.put(p.getName(), p.getContainerPort()));
        for (int i = 0; i < nodes.size(); i++) {
            String name = nodes.get(i);
            Service service = incident.all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no Service " + name));
            assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app.kubernetes.io/name", "cascade",
                    "app.kubernetes.io/component", "nlb", "cascade.io/instance", "nlb"));
            var port = service.getSpec().getPorts().get(0);
            assertThat(service.getSpec().getPorts()).hasSize(1);
            assertThat(port.getPort()).as(name).isEqualTo(nodePort);
            // the Service forwards to a named container port, and that port is where this node listens
            assertThat(containerPorts).as(name).containsKey(port.getTargetPort().getStrVal());
            assertThat(listen.get(i)).isEqualTo("0.0.0.0:" + containerPorts.get(port.getTargetPort().getStrVal()));
        }
        assertThat(listen).doesNotHaveDuplicates().doesNotContain("0.0.0.0:" + containerPorts.get("http"));
        // gameday's customers connect to the record's addresses on that same port
        Map<String, String> gameday = ServicePropertiesTest.properties(
                RenderedChart.container(incident.fleet().get("gameday")).getArgs());
        assertThat(gameday).containsEntry("cascade.gameday.fleet.ports.nlb-node", Integer.toString(nodePort));
    }

    @Test
    void coreDnsServesTheZoneFromZonesRoute53Api() {
        String corefile = incident.configMap("coredns").getData().get("Corefile");
        assertThat(corefile).contains("route53 {$CASCADE_ZONE}.:{$CASCADE_HOSTED_ZONE_ID}",
                "aws_endpoint {$CASCADE_ZONE_API}", "refresh {$CASCADE_DNS_REFRESH}");
        Container coredns = RenderedChart.container(incident.named(Deployment.class, "cascade-coredns"));
        assertThat(coredns.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("CASCADE_ZONE_API");
            assertThat(e.getValue()).isEqualTo("http://cascade-zone:18053");
        }).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("CASCADE_HOSTED_ZONE_ID");
            assertThat(e.getValue()).isEqualTo("ZCASCADETEST0001");
        }).anySatisfy(e -> assertThat(e.getName()).isEqualTo("AWS_ACCESS_KEY_ID"));
        assertThat(incident.service("coredns").getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getPort()).isEqualTo(53);
            assertThat(p.getProtocol()).isEqualTo("UDP");
        });
        assertThat(RenderedChart.container(incident.fleet().get("zone")).getArgs())
                .contains("--cascade.zone.dns.enabled=false", "--cascade.zone.default-zone.id=ZCASCADETEST0001");
    }

    @Test
    void postgresCreatesTheServiceDatabases() {
        assertThat(incident.configMap("postgres-init").getData().get("10-databases.sql"))
                .contains("CREATE DATABASE zone;", "CREATE DATABASE dynamo;", "CREATE DATABASE planner;");
    }

    @Test
    void prometheusScrapesEveryInstanceAndLoadsTheRuleFiles() throws IOException {
        String config = incident.configMap("prometheus").getData().get("prometheus.yml");
        for (Map.Entry<String, Deployment> entry : incident.fleet().entrySet()) {
            int port = RenderedChart.container(entry.getValue()).getPorts().get(0).getContainerPort();
            assertThat(config).contains("\"cascade-" + entry.getKey() + ":" + port + "\"");
        }
        ConfigMap rules = incident.configMap("prometheus-rules");
        try (Stream<Path> files = Files.list(Paths.RULES)) {
            assertThat(rules.getData().keySet()).containsExactlyInAnyOrderElementsOf(
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** Chaos Mesh's experiments reach the dashboards through its controller-manager's metrics, unless turned off. */
    @Test
    void prometheusScrapesChaosMeshsControllerManagerUnlessTurnedOff(@TempDir Path temp) throws Exception {
        String config = incident.configMap("prometheus").getData().get("prometheus.yml");
        assertThat(config).contains("job_name: chaos-mesh", "\"chaos-mesh-controller-manager.chaos-mesh.svc:10080\"");
        Path file = temp.resolve("prometheus.yml");
        Files.writeString(file, config);
        Path promtool = Tools.require("promtool", "prometheus");
        Tools.Result result = Tools.run(temp, List.of(promtool.toString(), "check", "config", "--syntax-only",
                file.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();

        String without = RenderedChart.render(Map.of("prometheus.chaosMesh.enabled", "false"))
                .configMap("prometheus").getData().get("prometheus.yml");
        assertThat(without).contains("job_name: coredns").doesNotContain("chaos-mesh");
    }

    @Test
    void grafanaLoadsEveryDashboardFileAndThePinnedDatasource() throws IOException {
        ConfigMap dashboards = incident.configMap("grafana-dashboards");
        try (Stream<Path> files = Files.list(Paths.DASHBOARDS)) {
            for (Path file : files.toList()) {
                assertThat(dashboards.getData()).containsEntry(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertThat(incident.configMap("grafana-provisioning").getData().get("datasources.yml"))
                .isEqualToIgnoringWhitespace(Files.readString(Paths.GRAFANA_DATASOURCES));
    }

    /**
     * helm-java's template leaves hooks out, so the test pod is checked as a template: strict lint renders it,
     * and it walks the same instance list as the Deployments.
     */
    @Test
    void helmTestChecksEveryInstancesReadiness() throws IOException {
        String test = Files.readString(Paths.CHART.resolve("templates/tests/fleet-ready.yaml"));
        assertThat(test).contains("helm.sh/hook: test", "include \"cascade.instances\"",
                "/actuator/health/readiness", "/fleet");
    }

    @Test
    void schemaRejectsAnUnknownMode() {
        assertThatThrownBy(() -> RenderedChart.render(Map.of("mode", "chaotic")))
                .hasMessageContaining("mode");
    }

    @Test
    void secretTokenIsGeneratedWhenNotGiven() {
        String secret = incident.yaml.substring(incident.yaml.indexOf("name: cascade-secrets"));
        assertThat(secret).containsPattern("faults-token: \"[A-Za-z0-9]{32}\"");
    }

    /** A copy of the chart with another mode in values.yaml: helm lint has no --set here. */
    private static Path copyChart(Path temp, String mode) throws IOException {
        Path target = temp.resolve("cascade");
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(Paths.CHART)) {
            sources = new ArrayList<>(walk.sorted(Comparator.naturalOrder()).toList());
        }
        for (Path source : sources) {
            Path copy = target.resolve(Paths.CHART.relativize(source).toString());
            if (Files.isDirectory(source)) {
                Files.createDirectories(copy);
            } else {
                Files.copy(source, copy);
            }
        }
        Path values = target.resolve("values.yaml");
        String text = Files.readString(values);
        assertThat(text).contains("\nmode: incident\n");
        Files.writeString(values, text.replace("\nmode: incident\n", "\nmode: " + mode + "\n"));
        return target;
    }
}
