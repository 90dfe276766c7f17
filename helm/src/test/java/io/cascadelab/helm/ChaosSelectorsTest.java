package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cascadelab.helm.chaosmesh.DNSChaos;
import io.cascadelab.helm.chaosmesh.HTTPChaos;
import io.cascadelab.helm.chaosmesh.NetworkChaos;
import io.cascadelab.helm.chaosmesh.PodChaos;
import io.cascadelab.helm.chaosmesh.PodSelector;
import io.cascadelab.helm.chaosmesh.SelectorSpec;
import io.cascadelab.helm.chaosmesh.Workflow;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
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
            "workflows/gameday.yaml#phase1-enactor-latency", Set.of("dns-enactor-az1"),
            "workflows/gameday.yaml#dwfm-restart", Set.of("dwfm-az1", "dwfm-az2", "dwfm-az3"));

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
                } else if (manifest instanceof PodChaos chaos) {
                    selected.put(name, select(chaos.getSpec()));
                } else if (manifest instanceof HTTPChaos chaos) {
                    selected.put(name, select(chaos.getSpec()));
                    assertPortIsServedByEverySelectedPod(name, chaos);
                } else if (manifest instanceof Workflow workflow) {
                    for (Workflow.Template template : workflow.getSpec().templates) {
                        SelectorSpec spec = template.networkChaos != null ? template.networkChaos
                                : template.dnsChaos != null ? template.dnsChaos
                                : template.httpChaos != null ? template.httpChaos : template.podChaos;
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
    void workflowIsWellFormedAsChaosMeshValidatesIt() throws IOException {
        Map<String, Workflow.Template> templates = workflowTemplates();
        assertThat(templates).containsKey(workflow().getSpec().entry);
        for (Workflow.Template t : templates.values()) {
            assertThat(t.name).as("template name, DNS-1123").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            assertThat(templates.keySet()).as(t.name + " children").containsAll(t.children);
            assertThat(t.conditionalBranches).as(t.name + " branches").allSatisfy(branch -> {
                assertThat(templates).containsKey(branch.target);
                assertThat(branch.expression).matches("exitCode [!=]= 0");
            });
            if (t.templateType.equals("Suspend")) {
                assertThat(seconds(t.deadline)).as(t.name + " deadline").isPositive();
            }
            SelectorSpec chaos = experiment(t);
            if (chaos != null) {
                // a Workflow bounds an experiment with the template's deadline; Chaos Mesh refuses a duration
                assertThat(chaos.duration).as(t.name).isNull();
                assertThat(seconds(t.deadline)).as(t.name + " deadline").isPositive();
            }
        }
    }

    /**
     * The Workflow is the scenario's operator on a cluster: every step of chaos/scenarios/us-east-1-2025.yaml, in its
     * order, with its argument, at its offset from T+0 (the regional name going empty) at the chart's time scale;
     * each runbook a call gameday accepts (a runbook it knows, an argument exactly when it takes one, and one it
     * validates), except the restart of hosts, which on a cluster is Chaos Mesh killing exactly those pods.
     */
    @Test
    void workflowRunsTheScenariosOperatorInOrderAtItsOffsetsFromTheRegionalNameGoingEmpty() throws IOException {
        Map<String, Workflow.Template> templates = workflowTemplates();
        Map<String, GamedayRunbooks.Known> known = GamedayRunbooks.all();
        double timeScale = chartTimeScale();
        assertThat(timeScale).as("the workflow's timings assume the chart's default time scale").isEqualTo(60);

        Deployment gameday = chart.fleet().get("gameday");
        String gamedayUrl = "http://" + chart.service("gameday").getMetadata().getName() + ":"
                + RenderedChart.container(gameday).getPorts().get(0).getContainerPort() + "/runbook/";
        List<Workflow.Template> runbookTasks = templates.values().stream()
                .filter(t -> t.task != null && command(t).contains("/runbook/")).toList();
        assertThat(runbookTasks).isNotEmpty();
        Map<String, RunbookCall> calls = new LinkedHashMap<>();
        for (Workflow.Template task : runbookTasks) {
            calls.put(task.name, runbookCall(task, gamedayUrl, known));
        }

        // The operators: one Serial of Suspends (the gaps between offsets) and steps, started by T+0.
        Workflow.Template operators = templates.values().stream()
                .filter(t -> t.children.stream().anyMatch(c -> runbookTasks.contains(templates.get(c))))
                .collect(onlyOne("the Serial holding the runbook steps"));
        assertThat(operators.templateType).isEqualTo("Serial");
        assertThat(operators.children).as("every runbook step is one of the operators' steps")
                .containsAll(runbookTasks.stream().map(t -> t.name).toList());
        Workflow.Template t0 = templates.values().stream()
                .filter(t -> t.conditionalBranches.stream().anyMatch(b -> b.target.equals(operators.name)))
                .collect(onlyOne("the task starting the operators"));
        assertThat(t0.conditionalBranches).singleElement()
                .satisfies(branch -> assertThat(branch.expression).isEqualTo("exitCode == 0"));
        assertPollsTheChartsCoreDnsForTheRegionalName(t0);

        List<String> steps = new ArrayList<>();
        double suspended = 0;
        for (String child : operators.children) {
            Workflow.Template step = templates.get(child);
            if (step.templateType.equals("Suspend")) {
                suspended += seconds(step.deadline);
            } else if (calls.containsKey(step.name)) {
                RunbookCall call = calls.get(step.name);
                steps.add(step(call.runbook(), call.argument(), suspended * timeScale));
            } else if (step.podChaos != null) {
                GamedayRunbooks.Known restart = restartOf(step, known);
                steps.add(step(restart.name(), null, suspended * timeScale));
            } else {
                throw new AssertionError(step.name + ": an operator step is a Suspend, a runbook task or a pod-kill");
            }
        }
        assertThat(steps).isEqualTo(scenarioOperator());
    }

    /**
     * Phase 1's latency ends when the regional name empties (the scenario's {@code until}), at the latest within one
     * slice, which is shorter than the time to restore-dns, and in any case within the manifest's duration.
     */
    @Test
    void workflowLiftsTheEnactorLatencyOnceTheRegionalNameIsEmpty() throws IOException {
        Map<String, Workflow.Template> templates = workflowTemplates();
        Workflow.Template latency = templates.get("phase1-enactor-latency");
        Workflow.Template slice = templates.values().stream().filter(t -> t.children.contains(latency.name))
                .collect(onlyOne("the Serial around the latency"));
        assertThat(slice.children).as("latency, then the check").hasSize(2).startsWith(latency.name);
        Workflow.Template check = templates.get(slice.children.get(1));
        assertPollsTheChartsCoreDnsForTheRegionalName(check);
        assertThat(check.conditionalBranches).as("another slice while the name answers").singleElement()
                .satisfies(branch -> {
                    assertThat(branch.target).isEqualTo(slice.name);
                    assertThat(branch.expression).isEqualTo("exitCode != 0");
                });
        Workflow.Template bound = templates.values().stream().filter(t -> t.children.contains(slice.name))
                .collect(onlyOne("the Serial bounding phase 1"));
        NetworkChaos manifest = (NetworkChaos) manifests(Paths.CHAOS.resolve("enactor-latency.yaml")).get(0);
        assertThat(seconds(bound.deadline)).isEqualTo(seconds(manifest.getSpec().duration));
        double restoreAt = scenarioOperatorSeconds().get(0);
        assertThat(seconds(latency.deadline) * chartTimeScale()).as("a slice ends before restore-dns")
                .isLessThan(restoreAt);
        assertThat(latency.networkChaos.parameters).isEqualTo(manifest.getSpec().parameters);
        assertThat(latency.networkChaos.mode).isEqualTo(manifest.getSpec().mode);
    }

    private record RunbookCall(String runbook, String argument) {
    }

    /** The runbook a task runs through gameday's API, checked as gameday would check it. */
    private static RunbookCall runbookCall(Workflow.Template task, String gamedayUrl,
                                           Map<String, GamedayRunbooks.Known> known) {
        Matcher call = RUNBOOK_CALL.matcher(command(task));
        assertThat(call.find()).as(task.name + " calls a runbook: " + command(task)).isTrue();
        assertThat(call.group(1)).as(task.name + ": gameday's Service and port").isEqualTo(gamedayUrl);
        String runbook = call.group(2);
        String argument = call.group(3);
        assertThat(command(task)).as(task.name + ": gameday reads the argument from the query, not a body")
                .doesNotContainPattern("(^|\\s)(-d|--data[-a-z]*|-F|--form)(\\s|$)");
        assertThat(known).as(task.name + ": a runbook gameday knows").containsKey(runbook);
        GamedayRunbooks.Known declared = known.get(runbook);
        assertThat(declared.restartsProcesses()).as(task.name + ": gameday cannot restart pods it does not run")
                .isFalse();
        assertThat(argument != null).as(task.name + ": an argument exactly when " + runbook + " takes one ("
                + declared.argument() + ")").isEqualTo(declared.argument() != null);
        assertThat(declared.refusal(argument)).as(task.name + ": gameday accepts the argument").isNull();
        return new RunbookCall(runbook, argument);
    }

    private static final Pattern RUNBOOK_CALL = Pattern.compile(
            "(http://[^/\"'\\s]+/runbook/)([a-z0-9-]+)(?:\\?argument=([^\"'\\s&]+))?");

    private static String step(String runbook, String argument, double atSeconds) {
        return runbook + (argument == null ? "" : " " + argument) + " at " + Math.round(atSeconds) + "s";
    }

    /** The scenario's operator steps as "runbook [argument] at Ns" (incident seconds from T+0). */
    private static List<String> scenarioOperator() throws IOException {
        List<String> steps = new ArrayList<>();
        for (JsonNode step : scenario().path("operator")) {
            String argument = step.hasNonNull("argument") ? step.get("argument").asText() : null;
            steps.add(step(step.get("runbook").asText(), argument, seconds(step.get("at").asText())));
        }
        return steps;
    }

    private static List<Double> scenarioOperatorSeconds() throws IOException {
        List<Double> at = new ArrayList<>();
        scenario().path("operator").forEach(step -> at.add(seconds(step.get("at").asText())));
        return at;
    }

    private static JsonNode scenario() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Paths.CHAOS.resolve("scenarios/us-east-1-2025.yaml").toFile());
    }

    /** The chart's pod-kill standing in for gameday's restart of a service's hosts: every pod of it, nothing else. */
    private static GamedayRunbooks.Known restartOf(Workflow.Template step, Map<String, GamedayRunbooks.Known> known) {
        assertThat(step.podChaos.action).as(step.name).isEqualTo("pod-kill");
        assertThat(step.podChaos.mode).as(step.name + ": every host at once, as the runbook").isEqualTo("all");
        Set<String> selected = select(step.podChaos);
        Set<String> services = chart.fleet().entrySet().stream().filter(e -> selected.contains(e.getKey()))
                .map(e -> RenderedChart.podLabels(e.getValue().getSpec().getTemplate()).get("app.kubernetes.io/component"))
                .collect(Collectors.toSet());
        assertThat(services).as(step.name + " kills the pods of one service").hasSize(1);
        String service = services.iterator().next();
        assertThat(selected).as(step.name + " kills every pod of " + service + " and nothing else")
                .isEqualTo(chart.fleet().entrySet().stream().filter(e -> service.equals(RenderedChart.podLabels(
                        e.getValue().getSpec().getTemplate()).get("app.kubernetes.io/component")))
                        .map(Map.Entry::getKey).collect(Collectors.toSet()));
        return known.values().stream().filter(r -> r.restartsProcesses() && r.service().equals(service))
                .collect(onlyOne("gameday's restart runbook for " + service));
    }

    /** A task that asks the chart's CoreDNS Service for the regional name gameday watches. */
    private static void assertPollsTheChartsCoreDnsForTheRegionalName(Workflow.Template task) {
        assertThat(task.task).as(task.name + " is a task").isNotNull();
        Map<String, String> env = task.task.container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        Service coredns = chart.service("coredns");
        int dnsPort = coredns.getSpec().getPorts().stream().filter(p -> "UDP".equals(p.getProtocol()))
                .findFirst().orElseThrow().getPort();
        String regionalName = RenderedChart.container(chart.fleet().get("gameday")).getArgs().stream()
                .filter(a -> a.startsWith("--cascade.gameday.fleet.dynamo-name=")).findFirst().orElseThrow()
                .split("=", 2)[1];
        assertThat(env).as(task.name).containsEntry("DNS_SERVER", coredns.getMetadata().getName())
                .containsEntry("DNS_PORT", Integer.toString(dnsPort)).containsEntry("REGIONAL_NAME", regionalName);
        assertThat(command(task)).as(task.name).contains("dig", "@\"$DNS_SERVER\"", "-p \"$DNS_PORT\"",
                "\"$REGIONAL_NAME\" A");
    }

    private static double chartTimeScale() {
        return Double.parseDouble(RenderedChart.container(chart.fleet().get("gameday")).getArgs().stream()
                .filter(a -> a.startsWith("--cascade.time-scale=")).findFirst().orElseThrow().split("=", 2)[1]);
    }

    private static SelectorSpec experiment(Workflow.Template t) {
        return t.networkChaos != null ? t.networkChaos : t.dnsChaos != null ? t.dnsChaos
                : t.httpChaos != null ? t.httpChaos : t.podChaos;
    }

    private static String command(Workflow.Template task) {
        return String.join(" ", task.task.container.getCommand());
    }

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    /** A Go duration ("2h37m", "1m49s") in seconds. */
    static double seconds(String duration) {
        assertThat(duration).as("a duration").isNotBlank().matches("(" + GO_DURATION.pattern() + ")+");
        double seconds = 0;
        Matcher part = GO_DURATION.matcher(duration);
        while (part.find()) {
            double value = Double.parseDouble(part.group(1));
            seconds += switch (part.group(2)) {
                case "h" -> value * 3600;
                case "m" -> value * 60;
                case "s" -> value;
                default -> value / 1000;
            };
        }
        return seconds;
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyOne(String what) {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).as(what).hasSize(1);
            return list.get(0);
        });
    }

    private static Workflow workflow() throws IOException {
        return (Workflow) manifests(Paths.CHAOS.resolve("workflows/gameday.yaml")).get(0);
    }

    private static Map<String, Workflow.Template> workflowTemplates() throws IOException {
        return workflow().getSpec().templates.stream()
                .collect(Collectors.toMap(t -> t.name, t -> t, (a, b) -> {
                    throw new AssertionError("duplicate template " + a.name);
                }, LinkedHashMap::new));
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
            case "PodChaos" -> PodChaos.class;
            case "Workflow" -> Workflow.class;
            default -> throw new AssertionError("no model for kind " + generic.getKind());
        };
    }
}
