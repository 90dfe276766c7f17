package io.cascadelab.gameday.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.cascadelab.gameday.fleet.FleetLayout;
import io.cascadelab.gameday.fleet.FleetProperties;
import io.cascadelab.gameday.fleet.InstanceSpec;
import org.junit.jupiter.api.Test;

class ChaosManifestsTest {

    private static final Path CHAOS = Path.of("../../chaos").toAbsolutePath().normalize();

    private final FleetLayout layout = new FleetLayout(new FleetProperties(false, Path.of("."), Path.of(".cascade"),
            true, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, "", Map.of(), "cascade.test",
            "dynamodb.us-east-1.cascade.test", 3, new FleetProperties.Ports(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16,
            14), "", Map.of(), ""));

    private LocalChaosRunner runner() {
        return new LocalChaosRunner(layout, "t", Clock.systemUTC(), new SplittableRandom(1), name -> { });
    }

    @Test
    void theEnactorLatencyManifestSelectsExactlyTheAz1EnactorAndDelaysItsEgress() throws Exception {
        List<Experiment> experiments = ChaosManifests.parse(Files.readString(CHAOS.resolve("enactor-latency.yaml")));
        assertThat(experiments).singleElement().satisfies(experiment -> {
            assertThat(experiment.kind()).isEqualTo("NetworkChaos");
            assertThat(experiment.duration()).isEqualTo(Duration.ofMinutes(10));
            assertThat(experiment.fault()).isEqualTo(Map.of("egress", Map.of("destinations", List.of(),
                    "latency", "PT0.5S", "jitter", "PT0.2S", "correlation", 0.25)));
            assertThat(runner().select(experiment)).extracting(InstanceSpec::name).containsExactly("dns-enactor-az1");
        });
    }

    @Test
    void everyManifestInTheChaosFolderIsUnderstoodAndSelectsSomething() throws Exception {
        try (var files = Files.list(CHAOS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Experiment experiment : ChaosManifests.parse(Files.readString(file))) {
                    assertThat(runner().select(experiment)).as(file.getFileName().toString()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void modesPickTheRightNumberOfInstances() {
        String manifest = """
                apiVersion: chaos-mesh.org/v1alpha1
                kind: DNSChaos
                metadata: {name: dwfm-dns}
                spec:
                  action: error
                  mode: %s
                  value: "%s"
                  patterns: ["dynamodb.us-east-1.cascade.test"]
                  selector:
                    labelSelectors: {app.kubernetes.io/component: dwfm}
                """;
        assertThat(runner().select(ChaosManifests.parse(manifest.formatted("all", "")).get(0))).hasSize(3);
        assertThat(runner().select(ChaosManifests.parse(manifest.formatted("one", "")).get(0))).hasSize(1);
        assertThat(runner().select(ChaosManifests.parse(manifest.formatted("fixed", "2")).get(0))).hasSize(2);
        assertThat(runner().select(ChaosManifests.parse(manifest.formatted("fixed-percent", "50")).get(0))).hasSize(2);
    }

    @Test
    void unsupportedOrBrokenManifestsAreRefusedWithAReason() {
        assertThatThrownBy(() -> ChaosManifests.parse("kind: [unclosed"))
                .isInstanceOf(ChaosManifestException.class).hasMessageStartingWith("not valid YAML");
        assertThatThrownBy(() -> ChaosManifests.parse("""
                apiVersion: chaos-mesh.org/v1alpha1
                kind: NetworkChaos
                metadata: {name: x}
                spec: {action: bandwidth, mode: all, selector: {labelSelectors: {a: b}}}
                """)).hasMessageContaining("action 'bandwidth' is not supported locally");
        assertThatThrownBy(() -> ChaosManifests.parse("""
                apiVersion: chaos-mesh.org/v1alpha1
                kind: StressChaos
                metadata: {name: x}
                spec: {mode: all, selector: {labelSelectors: {a: b}}}
                """)).hasMessageContaining("kind StressChaos is not supported locally");
        assertThatThrownBy(() -> ChaosManifests.parse("""
                apiVersion: chaos-mesh.org/v1alpha1
                kind: NetworkChaos
                metadata: {name: x}
                spec: {action: delay, mode: all, delay: {latency: fast}, selector: {labelSelectors: {a: b}}}
                """)).hasMessageContaining("not a duration: 'fast'");
        Experiment nobody = ChaosManifests.parse("""
                apiVersion: chaos-mesh.org/v1alpha1
                kind: NetworkChaos
                metadata: {name: x}
                spec: {action: partition, mode: all, selector: {labelSelectors: {app.kubernetes.io/component: nobody}}}
                """).get(0);
        assertThatThrownBy(() -> runner().select(nobody)).hasMessageContaining("matches no instance");
    }

    @Test
    void goDurationsParseAsChaosMeshWritesThem() {
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    }
}
