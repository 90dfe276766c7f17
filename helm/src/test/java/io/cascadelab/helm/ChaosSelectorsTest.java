package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cascadelab.helm.chaosmesh.DNSChaos;
import io.cascadelab.helm.chaosmesh.HTTPChaos;
import io.cascadelab.helm.chaosmesh.NetworkChaos;
import io.cascadelab.helm.chaosmesh.PodSelector;
import io.cascadelab.helm.chaosmesh.SelectorSpec;
import io.cascadelab.helm.chaosmesh.Workflow;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every experiment under chaos/ selects exactly the pods it means to, in the chart as rendered: the selectors
 * are evaluated against the pod template labels of every rendered workload (the fleet and the infrastructure).
 */
class ChaosSelectorsTest {

    /** What each experiment (file, or file#workflow-template) is meant to hit, as cascade.io/instance values. */
    static final Map<String, Set<String>> INTENDED = Map.of(
            "enactor-latency.yaml", Set.of("dns-enactor-az1"),
            "dwfm-dynamo-dns-error.yaml", Set.of("dwfm-az1", "dwfm-az2", "dwfm-az3"),
            "network-manager-latency.yaml", Set.of("network-manager"),
            "dynamo-node-az2-abort.yaml", Set.of("dynamo-2"),
            "kubernetes/dwfm-dynamo-partition.yaml", Set.of("dwfm-az1", "dwfm-az2", "dwfm-az3"),
            "kubernetes/dwfm-dynamo-partition.yaml#target", Set.of("dynamo-1", "dynamo-2", "dynamo-3"),
            "workflows/gameday.yaml#phase1-enactor-latency", Set.of("dns-enactor-az1"));

    static RenderedChart chart;
    static Map<String, Map<String, String>> pods;

    @BeforeAll
    static void render() {
        chart = RenderedChart.render(Map.of());
        pods = chart.podsByWorkload();
    }

    @Test
    void everyExperimentSelectsExactlyItsIntendedPods() throws IOException {
        Map<String, Set<String>> selected = new TreeMap<>();
        for (Path file : chaosFiles()) {
            String name = Paths.CHAOS.relativize(file).toString();
            for (HasMetadata manifest : manifests(file)) {
                assertThat(manifest.getMetadata().getNamespace()).as(name).isEqualTo(RenderedChart.NAMESPACE);
                if (manifest instanceof NetworkChaos chaos) {
                    selected.put(name, select(chaos.getSpec()));
                    if (chaos.getSpec().target != null) {
                        selected.put(name + "#target", select(chaos.getSpec().target.selector));
                    }
                } else if (manifest instanceof DNSChaos chaos) {
                    selected.put(name, select(chaos.getSpec()));
                } else if (manifest instanceof HTTPChaos chaos) {
                    selected.put(name, select(chaos.getSpec()));
                    assertPortIsServedByEverySelectedPod(name, chaos);
                } else if (manifest instanceof Workflow workflow) {
                    for (Workflow.Template template : workflow.getSpec().templates) {
                        SelectorSpec spec = template.networkChaos != null ? template.networkChaos
                                : template.dnsChaos != null ? template.dnsChaos : template.httpChaos;
                        if (spec != null) {
                            selected.put(name + "#" + template.name, select(spec));
                        }
                    }
                } else {
                    throw new AssertionError(name + ": unexpected kind " + manifest.getKind());
                }
            }
        }
        assertThat(selected).isEqualTo(new TreeMap<>(INTENDED));
    }

    @Test
    void enactorLatencyTouchesOnlyOneEnactorEvenWithModeOne() throws IOException {
        NetworkChaos chaos = (NetworkChaos) manifests(Paths.CHAOS.resolve("enactor-latency.yaml")).get(0);
        assertThat(chaos.getSpec().mode).isEqualTo("one");
        assertThat(select(chaos.getSpec())).hasSize(1);
    }

    @Test
    void workflowIsWellFormedAndItsRunbookTasksReachGamedayWithTheToken() throws IOException {
        Workflow workflow = (Workflow) manifests(Paths.CHAOS.resolve("workflows/gameday.yaml")).get(0);
        Map<String, Workflow.Template> templates = workflow.getSpec().templates.stream()
                .collect(Collectors.toMap(t -> t.name, t -> t, (a, b) -> {
                    throw new AssertionError("duplicate template " + a.name);
                }, LinkedHashMap::new));
        assertThat(templates).containsKey(workflow.getSpec().entry);
        templates.values().forEach(t -> assertThat(templates.keySet()).as(t.name).containsAll(t.children));
        assertThat(templates.get(workflow.getSpec().entry).children.get(0)).isEqualTo("phase1-enactor-latency");

        Secret secret = chart.named(Secret.class, "cascade-secrets");
        int gamedayPort = RenderedChart.container(chart.fleet().get("gameday")).getPorts().get(0).getContainerPort();
        chart.service("gameday");
        List<Workflow.Template> tasks = templates.values().stream().filter(t -> t.task != null).toList();
        assertThat(tasks).isNotEmpty().allSatisfy(task -> {
            assertThat(String.join(" ", task.task.container.getCommand()))
                    .contains("http://cascade-gameday:" + gamedayPort + "/runbook/");
            EnvVar token = task.task.container.getEnv().get(0);
            assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(secret.getStringData()).containsKey(token.getValueFrom().getSecretKeyRef().getKey());
        });
    }

    private static void assertPortIsServedByEverySelectedPod(String name, HTTPChaos chaos) {
        for (Deployment deployment : chart.all(Deployment.class)) {
            Map<String, String> labels = RenderedChart.podLabels(deployment.getSpec().getTemplate());
            if (chaos.getSpec().selector.selects(RenderedChart.NAMESPACE, labels)) {
                assertThat(RenderedChart.container(deployment).getPorts()).as(name)
                        .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(chaos.getSpec().port));
            }
        }
    }

    private static Set<String> select(SelectorSpec spec) {
        return select(spec.selector);
    }

    /** The selected workloads, named by cascade.io/instance (or the workload name for infrastructure). */
    private static Set<String> select(PodSelector selector) {
        return pods.entrySet().stream()
                .filter(pod -> selector.selects(RenderedChart.NAMESPACE, pod.getValue()))
                .map(pod -> pod.getValue().getOrDefault("cascade.io/instance", pod.getKey()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Every Chaos Mesh manifest under chaos/; chaos/scenarios/ holds game-day scenarios, which are not manifests. */
    static List<Path> chaosFiles() throws IOException {
        Path scenarios = Paths.CHAOS.resolve("scenarios");
        try (Stream<Path> walk = Files.walk(Paths.CHAOS)) {
            return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.startsWith(scenarios)).sorted().toList();
        }
    }

    static List<HasMetadata> manifests(Path file) throws IOException {
        String text = Files.readString(file);
        return Stream.of(text.split("(?m)^---\\s*$"))
                .filter(doc -> !doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#")))
                .map(doc -> (HasMetadata) Serialization.unmarshal(doc, typeOf(doc)))
                .toList();
    }

    private static Class<? extends HasMetadata> typeOf(String document) {
        GenericKubernetesResource generic = Serialization.unmarshal(document, GenericKubernetesResource.class);
        assertThat(generic.getApiVersion()).isEqualTo("chaos-mesh.org/v1alpha1");
        return switch (generic.getKind()) {
            case "NetworkChaos" -> NetworkChaos.class;
            case "DNSChaos" -> DNSChaos.class;
            case "HTTPChaos" -> HTTPChaos.class;
            case "Workflow" -> Workflow.class;
            default -> throw new AssertionError("no model for kind " + generic.getKind());
        };
    }
}
